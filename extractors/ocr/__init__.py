"""Japanese OCR behind one interface: `OcrEngine.recognize(image) -> list[Line]` (base.py).

Engines are found by name in `registry` (one module each, registering itself): `tesseract`
(hOCR with character boxes, `Japanese --psm 6`), `tesseract-vert` (`Japanese_vert --psm 5`, pages that
read top to bottom), `tesseract-raw` (`jpn --psm 3`, the baseline), `rapidocr` (rapidocr 3.10 with the
PP-OCRv6 models from its wheel, paths pinned, nothing downloaded; also detection alone and
recognition of crops). Strategies (`strategies.STRATEGIES`) are data naming the engines they use.

`page.ocr_frame(image)` is what the image reader calls: a first look (`photo.first_look`: PP-OCRv6's
detector at 640 px) decides page or photo; a photo is read by its text regions only (`photo.py`),
a page by `page.ocr_image`: preprocess (lighting, scale, deskew, Otsu, ruled-line removal; working
resolution capped), recognise with the default strategy, cut lines at cell borders and boxes, read
checkboxes by image analysis, post-correct (corrections.tsv), tables and key–value pairs. A vertical
page (縦書き, found by the shape of its smeared text lines) is read with `tesseract-vert`, its unsure
columns re-read by PP-OCRv6 turned a quarter left.

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
