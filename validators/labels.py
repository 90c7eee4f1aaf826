"""Japanese/English names of kinds and fields, for messages: the field catalogue's (intake.domain.catalogue)."""
from intake.domain.catalogue import field_label, kind_label

__all__ = ["field_label", "kind_label"]
