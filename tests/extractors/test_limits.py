"""Large inputs: capped, or refused as too large with the limit named — never called corrupt."""
from __future__ import annotations

import pytest

from extractors import detect, limits, reader
from extractors.layout import UnreadableError
from extractors.readers.pdf import render_scale


def test_an_a4_page_renders_at_300_dpi_and_a_large_drawing_at_the_pixel_cap():
    assert render_scale(595.28, 841.89) == pytest.approx(300 / 72)
    s = render_scale(3146, 1529)
    assert s < 300 / 72 and 3146 * s * 1529 * s <= limits.MAX_RENDER_PIXELS * 1.001


@pytest.mark.parametrize("error", [MemoryError(), RuntimeError("OpenCV(4.9) error: (-4:Insufficient memory) Failed to allocate 99 bytes")])
def test_running_out_of_memory_is_too_large_not_corrupt(monkeypatch, error):
    def boom(data):
        raise error
    monkeypatch.setitem(reader.READERS, detect.PNG, boom)
    with pytest.raises(UnreadableError) as e:
        reader.read(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "x.png")
    assert e.value.reason == "limit_memory" and "not corrupt" in e.value.message_en


def test_an_allocation_failure_reported_as_system_error_is_out_of_memory(monkeypatch):
    import pytest

    from extractors import reader
    from extractors.layout import UnreadableError

    def failing(data):
        try:
            raise MemoryError
        except MemoryError as e:       # what cv2.resize does near the address-space limit
            raise SystemError("<built-in function resize> returned a result with an exception set") from e
    monkeypatch.setitem(reader.READERS, "image/png", failing)
    with pytest.raises(UnreadableError) as got:
        reader.read(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "x.png", "image/png")
    assert got.value.reason == "limit_memory"
