"""Synthetic Japanese pages for measuring OCR: label- and form-like text with ruled boxes,
rendered at 300 dpi, then degraded like an office scan or a phone photo. Ground truth = drawn text."""
from __future__ import annotations

import io
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = ["/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
         "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
         "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]
DPI = 300
A4 = (2480, 3508)

NAMES = ["りんごジュース", "石垣島マンゴー", "のどぐろ干物", "黒豚しゃぶしゃぶセット", "米粉バウムクーヘン",
         "紅いもタルト", "特選和牛ハンバーグ", "やきとり詰合せ", "島らっきょう塩漬", "ほたて貝柱"]
INGREDIENTS = ["砂糖", "小麦粉", "鶏卵", "バター", "食塩", "植物油脂", "醤油（大豆・小麦を含む）", "みりん",
               "豚肉（国産）", "玉ねぎ", "牛乳", "でん粉", "香辛料", "えび", "かにエキス", "米粉"]
ADDITIVES = ["調味料（アミノ酸等）", "pH調整剤", "酸化防止剤（ビタミンC）", "膨脹剤", "着色料（カラメル）"]
COMPANIES = ["株式会社いしがき物産", "有限会社はまだ水産", "合同会社なりた農園", "株式会社しか工房", "ぐんま食品株式会社"]
PLACES = ["沖縄県石垣市美崎町", "島根県浜田市殿町", "千葉県成田市花崎町", "石川県羽咋郡志賀町", "群馬県前橋市大手町"]
STORAGE = ["直射日光、高温多湿を避けて保存してください", "要冷凍（－18℃以下）で保存してください", "要冷蔵（10℃以下）"]
CHECK_OPTIONS = [("冷凍", "冷蔵", "常温"), ("通年", "期間限定"), ("製造日", "発送日", "到着日")]


@dataclass
class Sample:
    name: str
    kind: str           # label | form
    condition: str      # clean | scan | photo
    image: Image.Image
    truth: str          # drawn text in reading order, one line per row
    boxes: dict         # checkbox label → ticked


def _font(path: str, size_pt: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, int(size_pt * DPI / 72))


def _date(rng) -> str:
    return f"令和{rng.randint(6, 9)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"


def _yen(rng) -> str:
    return f"{rng.randint(3, 60) * 1000:,}円"


def render_label(rng: random.Random, font_path: str) -> tuple[Image.Image, list[str]]:
    """A 一括表示 block: a ruled two-column table, as printed on a food package."""
    size = rng.choice([9, 10, 11])
    font = _font(font_path, size)
    ingredients = "、".join(rng.sample(INGREDIENTS, 6)) + "／" + "、".join(rng.sample(ADDITIVES, 2))
    rows = [("名称", rng.choice(NAMES)), ("原材料名", ingredients), ("内容量", f"{rng.randint(2, 20) * 50}g"),
            ("賞味期限", _date(rng)), ("保存方法", rng.choice(STORAGE)),
            ("製造者", rng.choice(COMPANIES)), ("", rng.choice(PLACES) + f"{rng.randint(1, 30)}番{rng.randint(1, 20)}号")]
    img = Image.new("L", (1900, 1300), 255)
    d = ImageDraw.Draw(img)
    lh = int(font.size * 1.9)
    key_w, val_w, x0, y = int(font.size * 6), 1500, 120, 120
    truth = []
    wrap = (val_w - 40) // font.size
    for key, value in rows:
        parts = [value[i:i + wrap] for i in range(0, len(value), wrap)]
        h = lh * len(parts)
        d.rectangle([x0, y, x0 + key_w, y + h], outline=0, width=3)
        d.rectangle([x0 + key_w, y, x0 + key_w + val_w, y + h], outline=0, width=3)
        d.text((x0 + 20, y + (lh - font.size) // 2), key, font=font, fill=0)
        for i, part in enumerate(parts):
            d.text((x0 + key_w + 20, y + i * lh + (lh - font.size) // 2), part, font=font, fill=0)
        truth.append(key + parts[0])
        truth.extend(parts[1:])
        y += h
    return img.crop((0, 0, 1900, y + 120)), truth, {}


def render_form(rng: random.Random, font_path: str) -> tuple[Image.Image, list[str], dict]:
    """An application-like A4 form: title, date line, key/value table, checkbox rows, a price table."""
    img = Image.new("L", A4, 255)
    d = ImageDraw.Draw(img)
    title, body = _font(font_path, 16), _font(font_path, rng.choice([10, 10.5, 11]))
    truth, ticks = [], {}
    d.text((700, 250), "返礼品提供申請書", font=title, fill=0)
    truth.append("返礼品提供申請書")
    line = "提出日　" + _date(rng)
    d.text((1500, 420), line, font=body, fill=0)
    truth.append(line)
    rows = [("事業者名", rng.choice(COMPANIES)), ("所在地", rng.choice(PLACES) + f"{rng.randint(1, 9)}-{rng.randint(1, 30)}"),
            ("電話番号", f"0{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"),
            ("商品名", rng.choice(NAMES)), ("寄附金額", _yen(rng)), ("提供価格（税込）", _yen(rng)),
            ("賞味期限", f"製造日から{rng.randint(5, 180)}日")]
    x0, y, kw, vw, rh = 250, 600, 600, 1380, 130
    for key, value in rows:
        d.rectangle([x0, y, x0 + kw, y + rh], outline=0, width=3)
        d.rectangle([x0 + kw, y, x0 + kw + vw, y + rh], outline=0, width=3)
        d.text((x0 + 30, y + 40), key, font=body, fill=0)
        d.text((x0 + kw + 30, y + 40), value, font=body, fill=0)
        truth.append(key + value)
        y += rh
    y += 120
    box = int(body.size * 0.9)
    for options in CHECK_OPTIONS:
        x = x0
        chosen = rng.randrange(len(options))
        text_row = []
        for i, opt in enumerate(options):
            d.rectangle([x, y, x + box, y + box], outline=0, width=3)
            if i == chosen:
                d.line([x + 6, y + box // 2, x + box // 2, y + box - 6, x + box - 4, y + 4], fill=0, width=6)
            d.text((x + box + 20, y), opt, font=body, fill=0)
            ticks[opt] = i == chosen
            text_row.append(opt)
            x += box + 40 + int(body.getlength(opt)) + 80
        truth.append("".join(text_row))
        y += 110
    return img, truth, ticks


def degrade(img: Image.Image, condition: str, rng: random.Random) -> Image.Image:
    if condition == "clean":
        return img
    arr = np.asarray(img.convert("L"), dtype=np.float32)
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    if condition == "photo":
        arr = _perspective(arr, rng)
        h, w = arr.shape
        yy, xx = np.mgrid[0:h, 0:w]
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        light = 1.0 - 0.45 * np.hypot(xx - cx, yy - cy) / np.hypot(w, h)
        arr = arr * light + 25 * (1 - light)
        arr = arr * rng.uniform(0.75, 0.9) + 10
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    out = out.rotate(rng.uniform(-2, 2), resample=Image.BILINEAR, expand=False, fillcolor=255 if condition == "scan" else 180)
    out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.2)))
    arr = np.asarray(out, dtype=np.float32) + nrng.normal(0, 8 if condition == "scan" else 12, out.size[::-1])
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=rng.randint(55, 75))
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def _perspective(arr: np.ndarray, rng: random.Random) -> np.ndarray:
    import cv2
    h, w = arr.shape
    d = lambda: rng.uniform(0, 0.04)  # noqa: E731 - corner jitter as a fraction of the size
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[w * d(), h * d()], [w * (1 - d()), h * d()], [w * (1 - d()), h * (1 - d())], [w * d(), h * (1 - d())]])
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(arr, m, (w, h), borderValue=170)


def samples(n: int = 18, seed: int = 7) -> list[Sample]:
    """n pages: labels and forms alternating, conditions clean/scan/photo in turn, fonts rotating."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = "label" if i % 2 == 0 else "form"
        condition = ("clean", "scan", "photo")[(i // 2) % 3]
        font = FONTS[i % len(FONTS)]
        img, truth, ticks = (render_label if kind == "label" else render_form)(rng, font)
        out.append(Sample(f"{kind}-{condition}-{i:02d}", kind, condition, degrade(img, condition, rng),
                          "\n".join(truth), ticks))
    return out
