"""Japanese OCR behind one interface: `OcrEngine.recognize(image) -> list[Line]` (base.py).

Engines: `tesseract.TesseractEngine` (hOCR with character boxes; `Japanese --psm 6`, or
`Japanese_vert --psm 5` when the page reads top-to-bottom), `rapid.RapidEngine` (rapidocr 3.10 with the
PP-OCRv6 models from its wheel, paths pinned, nothing downloaded), `strategies.PageEngine` (the whole
page pipeline). `page.ocr_image(image)` is what the readers call: preprocess (lighting, scale, deskew,
Otsu, ruled-line removal), recognise with the default strategy, cut lines at cell borders and boxes,
read checkboxes by image analysis, post-correct (corrections.tsv), tables and key–value pairs.

The default strategy `combined` was chosen by `python -m extractors.ocr.evaluate` (synthetic 300-dpi
label and form pages: clean, office scan, phone photo; CER after NFKC without whitespace). On 12 pages
of a seed not developed against (2024):

    strategy      median CER (clean/scan/photo)  mean CER  numbers exact  boxes  CPU s/page
    raw jpn psm3  49.8% (40.4/47.7/58.9)          49.9%     53%            -      0.75
    tesseract     3.7%  (3.7/1.2/18.2)            8.4%      99%            44/48  1.15
    rapidocr      0.0%  (0.0/0.0/0.0)             0.2%      100%           -      3.61
    combined      0.7%  (0.4/0.0/0.7)             0.6%      100%           48/48  1.62

`combined` = preprocessed tesseract for layout and text, PP-OCRv6 re-reading (recognition only, on
crops widened to the ink) the segments tesseract scores below 0.90. It keeps rapidocr's accuracy on
numbers at less than half its CPU (≈ 0.8 s per page with one process per core on 2 cores).
Set INTAKE_OCR_STRATEGY=tesseract|rapidocr|combined to override.
"""
