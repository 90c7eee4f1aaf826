"""A value's row is followed to its end even when OCR leaves slivers that are each "right of" the other."""
from extractors.fields.base import _rest_of_row
from extractors.layout import Line


def test_two_slivers_on_a_row_do_not_loop():
    value = Line(text="北村", bbox=[100, 10, 140, 30])
    a = Line(text="|", bbox=[141, 10, 142, 30])      # narrower than 0.2 × the row height: each is right of the other
    b = Line(text="l", bbox=[141.5, 10, 142.5, 30])
    text, box, last = _rest_of_row(value, [value, a, b])
    assert text.startswith("北村")
    assert last in (a, b)
    assert box[2] >= 142
