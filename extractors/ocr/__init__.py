"""Japanese OCR behind one interface (`OcrEngine.recognize(image) -> list[Line]`)."""
