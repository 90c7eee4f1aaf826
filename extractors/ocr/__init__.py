"""Japanese OCR behind one interface: `OcrEngine.recognize(image) -> list[Line]` (base.py).

Engines: `tesseract.TesseractEngine` (hOCR with character boxes; `Japanese --psm 6`, or
`Japanese_vert --psm 5` when the page reads top-to-bottom), `rapid.RapidEngine` (rapidocr 3.10 with the
PP-OCRv6 models from its wheel, paths pinned, nothing downloaded), `page.PageEngine` (the whole
page pipeline). `page.ocr_image(image)` is what the readers call: preprocess (lighting, scale, deskew,
Otsu, ruled-line removal), recognise with the default strategy, cut lines at cell borders and boxes,
read checkboxes by image analysis, post-correct (corrections.tsv), tables and key–value pairs.

The default strategy `combined` was chosen by `python -m extractors.ocr.evaluate` (synthetic 300-dpi
label and form pages: clean, office scan, phone photo; CER after NFKC without whitespace; single
process, CPU seconds include the tesseract child). 12 pages, seed 2024:

    strategy      median CER (clean/scan/photo)  mean CER  numbers exact  boxes  CPU s/page
    raw jpn psm3  49.8% (40.4/47.7/58.9)          49.9%     53%            -      0.76
    tesseract     5.5%  (5.5/1.2/10.2)            6.4%      100%           46/48  1.07
    rapidocr      0.0%  (0.0/0.0/0.0)             0.2%      100%           -      3.97
    combined      0.4%  (0.4/0.0/0.7)             0.4%      100%           48/48  1.71

and on a seed never looked at (31337): combined 0.0 % median / 0.1 % mean CER, 87/87 numbers, 48/48
boxes, 1.89 CPU s; tesseract 3.0 % / 6.7 %. (Raw tesseract's CER also counts its reading order: it
reads a form's label column before its value column.)

`combined` = preprocessed tesseract for layout and text, PP-OCRv6 re-reading (recognition only, on
crops fitted to the ink) the segments tesseract scores below 0.90. It reaches rapidocr's accuracy on
numbers and nearly its CER at less than half its CPU: ≈ 0.9 s per A4 page with one process per core
on 2 cores (rapidocr alone ≈ 2 s). Pictures (> 25 % ink after binarisation) go to rapidocr.
Set INTAKE_OCR_STRATEGY=tesseract|rapidocr|combined to override.
"""
