"""Messages shaped byte for byte the way real clients write them, with what must come out.

Header order, boundaries, folding, transfer encodings and the way each client names files follow
Thunderbird 115, Outlook (Microsoft 365, Japanese: ISO-2022-JP with CP50220 characters), Gmail's
web client, iPhone Mail (iOS 18) and an old Shift_JIS client (Becky!). Attachments are small files
made in the test run. Standard library and Pillow only, so the same corpus scores any version of
the code (`scripts/mail_corpus_score.py`).
"""
from __future__ import annotations

import base64
import io
import unicodedata
import urllib.parse
import zipfile
import zlib
from dataclasses import dataclass, field

# --- small files ------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def jpeg(w: int = 320, h: int = 240, color: str = "orange") -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (w, h), color).save(buf, "JPEG", quality=85)
    return buf.getvalue()


def big_jpeg() -> bytes:
    """A photo pasted into an HTML body: noisy enough to be over the decoration size."""
    import random
    from PIL import Image
    rnd = random.Random(7)
    img = Image.new("RGB", (400, 300))
    img.putdata([(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for _ in range(400 * 300)])
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def png_logo() -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (120, 30), "navy").save(buf, "PNG")
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return buf.getvalue()


def windows_zip(files: dict[str, bytes], password: bytes | None = None) -> bytes:
    """A ZIP as Windows' Explorer and Lhaplus write it: cp932 names without the UTF-8 flag, and,
    with `password`, traditional PKWARE (ZipCrypto) encryption — the usual PPAP archive."""
    out, central = io.BytesIO(), []
    for name, data in files.items():
        raw_name = name.encode("cp932")
        crc = zlib.crc32(data)
        comp = zlib.compressobj(6, zlib.DEFLATED, -15)
        body = comp.compress(data) + comp.flush()
        flags = 0
        if password is not None:
            flags |= 0x1
            body = _zipcrypto(password, crc, body)
        offset = out.tell()
        head = (b"PK\x03\x04" + (20).to_bytes(2, "little") + flags.to_bytes(2, "little") + (8).to_bytes(2, "little")
                + (0).to_bytes(4, "little") + crc.to_bytes(4, "little") + len(body).to_bytes(4, "little")
                + len(data).to_bytes(4, "little") + len(raw_name).to_bytes(2, "little") + (0).to_bytes(2, "little"))
        out.write(head + raw_name + body)
        central.append(b"PK\x01\x02" + (20).to_bytes(2, "little") + head[4:] + (0).to_bytes(2, "little") * 3
                       + (0).to_bytes(4, "little") + offset.to_bytes(4, "little") + raw_name)
    start = out.tell()
    for c in central:
        out.write(c)
    size = out.tell() - start
    out.write(b"PK\x05\x06" + (0).to_bytes(4, "little") + len(central).to_bytes(2, "little") * 2
              + size.to_bytes(4, "little") + start.to_bytes(4, "little") + (0).to_bytes(2, "little"))
    return out.getvalue()


def _zipcrypto(password: bytes, crc: int, body: bytes) -> bytes:
    keys = [0x12345678, 0x23456789, 0x34567890]

    def update(c: int) -> None:
        keys[0] = zlib.crc32(bytes([c]), keys[0] ^ 0xFFFFFFFF) ^ 0xFFFFFFFF
        keys[1] = (keys[1] + (keys[0] & 0xFF)) & 0xFFFFFFFF
        keys[1] = (keys[1] * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = zlib.crc32(bytes([keys[1] >> 24]), keys[2] ^ 0xFFFFFFFF) ^ 0xFFFFFFFF

    def stream(data: bytes) -> bytes:
        out = bytearray()
        for b in data:
            t = (keys[2] | 2) & 0xFFFF
            out.append(b ^ (((t * (t ^ 1)) >> 8) & 0xFF))
            update(b)
        return bytes(out)

    for c in password:
        update(c)
    header = bytes(11) + bytes([crc >> 24])
    return stream(header + body)


# --- encodings as the clients write them ------------------------------------------------------

def cp50220(text: str) -> bytes:
    """ISO-2022-JP the way Outlook writes it: JIS X 0208 plus Microsoft's rows (①, ㈱, Ⅰ …)."""
    out, kanji = bytearray(), False
    for ch in text:
        if ord(ch) < 0x80:
            if kanji:
                out += b"\x1b(B"
                kanji = False
            out += ch.encode("ascii")
            continue
        s1, s2 = ch.encode("cp932")
        s1 -= 0xB0 if s1 >= 0xE0 else 0x70
        j1 = s1 * 2 - (1 if s2 < 0x9F else 0)
        j2 = s2 - (0x1F if s2 < 0x7F else 0x20 if s2 < 0x9F else 0x7E)
        if not kanji:
            out += b"\x1b$B"
            kanji = True
        out += bytes((j1, j2))
    if kanji:
        out += b"\x1b(B"
    return bytes(out)


def encode(text: str, charset: str) -> bytes:
    """Bytes as the clients write them under that label: Microsoft's code pages behind JIS names."""
    if charset.lower() == "iso-2022-jp":
        return cp50220(text)
    return text.encode("cp932" if charset.lower() == "shift_jis" else charset)


def word(text: str, charset: str = "UTF-8", q: bool = False) -> str:
    data = encode(text, charset)
    if q:
        return f"=?{charset}?Q?{''.join(chr(b) if 0x21 <= b < 0x7f and chr(b) not in '=?_' else f'={b:02X}' for b in data)}?="
    return f"=?{charset}?B?{base64.b64encode(data).decode()}?="


def words(text: str, charset: str, per: int = 10, sep: str = "\n ") -> str:
    """A long header value as several encoded words, folded, the way mailers split it."""
    return sep.join(word(text[i:i + per], charset) for i in range(0, len(text), per))


def pct(text: str, charset: str) -> str:
    return urllib.parse.quote(encode(text, charset), safe="")


def b64(data: bytes, width: int = 76) -> str:
    s = base64.b64encode(data).decode()
    return "\n".join(s[i:i + width] for i in range(0, len(s), width))


def qp(text: str, charset: str = "utf-8") -> str:
    import quopri
    return quopri.encodestring(text.encode(charset)).decode("ascii")


def crlf(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("ascii")


# --- the messages -------------------------------------------------------------------------

@dataclass
class Case:
    name: str
    raw: bytes
    subject: str
    attachments: list[str]                 # file names, in order, as they must come out
    body: list[str]                        # snippets the body must hold
    forwarded: list[str] = field(default_factory=list)   # inner senders' addresses
    refused: dict[str, str] = field(default_factory=dict)  # attachment → refusal reason
    inline: list[str] = field(default_factory=list)      # decorations, not documents


RECEIVED = """Return-Path: <{addr}>
Delivered-To: intake+{profile}@example.jp
Received: from mx.example.jp (localhost [127.0.0.1])
\tby mail.example.jp (Postfix) with ESMTP id 4Q7rT21mZ8z9vBq
\tfor <intake+{profile}@example.jp>; Tue,  1 Dec 2026 10:15:44 +0900 (JST)
X-Virus-Scanned: Debian amavis at example.jp
X-Spam-Flag: NO
X-Spam-Score: -1.9
X-Spam-Level:
X-Spam-Status: No, score=-1.9 tagged_above=-999 required=5
\ttests=[BAYES_00=-1.9] autolearn=ham autolearn_force=no
"""

SHIKA_BODY = ("志賀町 ふるさと納税担当 御中\n\n返礼品の申請をいたします。\n"
              "①所在地：石川県羽咋郡志賀町末吉千古1-1\n②事業者名：㈱のと海産\n③部署名：営業部\n"
              "④担当者名：佐藤 一郎\n⑤電話番号：0767-32-1111\n⑥メールアドレス：sato@noto-kaisan.example.co.jp\n"
              "⑦概要：能登産 ブリ切り身 Ⅰ型セット（冷凍）\n\nよろしくお願いいたします。\n")


def thunderbird_utf8() -> Case:
    subject = "【石垣市】返礼品提供申請書の提出（株式会社いしがき物産）"
    long_name = "返礼品提供申請書（様式第1号）_石垣島マンゴー_2026年度_株式会社いしがき物産.pdf"
    body = ("石垣市 企画部 ふるさと納税担当 様\n\nいつもお世話になっております。株式会社いしがき物産の比嘉です。\n"
            "返礼品提供申請書と誓約書を添付いたします。ご確認のほどよろしくお願いいたします。\n\n-- \n比嘉 太郎\n"
            "TEL: 0980-82-1234 FAX: 0980-82-1235\n")
    flowed = body.replace("TEL: 0980-82-1234 ", "TEL: 0980-82-1234 \n")   # a soft line break (RFC 3676)
    b = "------------0hGk3nLqXv2bK8yYc5d4P1sW"
    ct_name = words(long_name, "UTF-8", 12)
    escapes = [pct(ch, "UTF-8") for ch in long_name]          # split between escapes, never inside one
    chunks = ["".join(escapes[i:i + 7]) for i in range(0, len(escapes), 7)]
    disposition = ";\n".join(f" filename*{i}*={'UTF-8' + chr(39) * 2 if i == 0 else ''}{c}" for i, c in enumerate(chunks))
    raw = RECEIVED.format(addr="higa@ishigaki-bussan.example.co.jp", profile="ishigaki") + f"""Content-Type: multipart/mixed; boundary="{b}"
Message-ID: <7f3c2a1e-5b6d-4c8e-9f0a-1b2c3d4e5f60@ishigaki-bussan.example.co.jp>
Date: Tue, 1 Dec 2026 10:15:42 +0900
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: ja
To: intake+ishigaki@example.jp
From: {word("比嘉 太郎")} <higa@ishigaki-bussan.example.co.jp>
Subject: {words(subject, "UTF-8", 14)}

This is a multi-part message in MIME format.
--{b}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: base64

{b64(flowed.replace(chr(10), chr(13) + chr(10)).encode())}

--{b}
Content-Type: application/pdf; name="{ct_name}"
Content-Disposition: attachment;
{disposition}
Content-Transfer-Encoding: base64

{b64(PDF)}
--{b}
Content-Type: application/pdf; name="{word('誓約書.pdf')}"
Content-Disposition: attachment; filename*=UTF-8''{pct('誓約書.pdf', 'UTF-8')}
Content-Transfer-Encoding: base64

{b64(PDF + b"% pledge")}

--{b}--
"""
    return Case("thunderbird_utf8", crlf(raw), subject, [long_name, "誓約書.pdf"],
                ["いつもお世話になっております。株式会社いしがき物産の比嘉です。", "誓約書を添付いたします",
                 "TEL: 0980-82-1234 FAX: 0980-82-1235"])


def thunderbird_iso2022jp() -> Case:
    """Thunderbird set to send ISO-2022-JP, with a photo pasted into the HTML body and a logo."""
    subject = "営業許可証の写しと商品写真"
    body = "浜田市 ご担当者様\n\n営業許可証の写しと、本文に貼り付けた商品写真をお送りします。\n"
    html = ("<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=ISO-2022-JP\"></head>"
            "<body><p>浜田市 ご担当者様</p><p>営業許可証の写しと、本文に貼り付けた商品写真をお送りします。</p>"
            "<p><img src=\"cid:part1.Xq3mZ7kP.b4Rt9wLs@hamada-suisan.example.jp\"></p>"
            "<p><img src=\"cid:part2.Lm8nB2vC.y6Hj1qWe@hamada-suisan.example.jp\"></p></body></html>")
    permit = "営業許可証（水産製品製造業）.pdf"
    b_mixed, b_alt, b_rel = ("------------Rk2YtV7mPq9LwXc3Bn5Hd8Js", "------------aF4dS6gH8jK0lZ2xC4vB6nM8",
                             "------------qW1eR3tY5uI7oP9aS1dF3gH5")
    raw = RECEIVED.format(addr="tanaka@hamada-suisan.example.jp", profile="hamada") + f"""Content-Type: multipart/mixed; boundary="{b_mixed}"
Message-ID: <d41d8cd9-8f00-b204-e980-0998ecf8427e@hamada-suisan.example.jp>
Date: Tue, 1 Dec 2026 11:40:05 +0900
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: ja
To: intake+hamada@example.jp
From: {word("田中 水産", "ISO-2022-JP")} <tanaka@hamada-suisan.example.jp>
Subject: {word(subject, "ISO-2022-JP")}

This is a multi-part message in MIME format.
--{b_mixed}
Content-Type: multipart/alternative; boundary="{b_alt}"

--{b_alt}
Content-Type: text/plain; charset=ISO-2022-JP
Content-Transfer-Encoding: 7bit

{cp50220(body).decode('ascii')}
--{b_alt}
Content-Type: multipart/related; boundary="{b_rel}"

--{b_rel}
Content-Type: text/html; charset=ISO-2022-JP
Content-Transfer-Encoding: 7bit

{cp50220(html).decode('ascii')}
--{b_rel}
Content-Type: image/jpeg; name="=?ISO-2022-JP?B?{base64.b64encode(cp50220('商品写真.jpg')).decode()}?="
Content-Disposition: inline; filename*=ISO-2022-JP''{pct('商品写真.jpg', 'ISO-2022-JP')}
Content-Id: <part1.Xq3mZ7kP.b4Rt9wLs@hamada-suisan.example.jp>
Content-Transfer-Encoding: base64

{b64(big_jpeg())}
--{b_rel}
Content-Type: image/png; name="logo.png"
Content-Disposition: inline; filename="logo.png"
Content-Id: <part2.Lm8nB2vC.y6Hj1qWe@hamada-suisan.example.jp>
Content-Transfer-Encoding: base64

{b64(png_logo())}
--{b_rel}--

--{b_alt}--

--{b_mixed}
Content-Type: application/pdf; name="{word(permit, 'ISO-2022-JP')}"
Content-Disposition: attachment; filename*=ISO-2022-JP''{pct(permit, 'ISO-2022-JP')}
Content-Transfer-Encoding: base64

{b64(PDF + b"% permit")}

--{b_mixed}--
"""
    return Case("thunderbird_iso2022jp", crlf(raw), subject, ["商品写真.jpg", permit],
                ["本文に貼り付けた商品写真をお送りします。"], inline=["logo.png"])


def _outlook_headers(subject: str, sender: tuple[str, str], profile: str, boundary: str, msgid: str,
                     thread_index: str, has_attach: str = "yes") -> str:
    name, addr = sender
    return RECEIVED.format(addr=addr, profile=profile) + f"""From: {word(name, "iso-2022-jp")} <{addr}>
To: "intake+{profile}@example.jp" <intake+{profile}@example.jp>
Subject: {words(subject, "iso-2022-jp", 12)}
Thread-Topic: {words(subject, "iso-2022-jp", 12)}
Thread-Index: {thread_index}
Date: Tue, 1 Dec 2026 01:23:45 +0000
Message-ID:
 <{msgid}>
Accept-Language: ja-JP, en-US
Content-Language: ja-JP
X-MS-Has-Attach: {has_attach}
X-MS-TNEF-Correlator:
msip_labels:
authentication-results: dkim=none (message not signed)
 header.d=none;dmarc=none action=none header.from=noto-kaisan.example.co.jp;
x-ms-publictraffictype: Email
x-ms-traffictypediagnostic: TYCPR01MB1234:EE_|OS3PR01MB5678:EE_
x-ms-exchange-senderadcheck: 1
x-ms-exchange-antispam-relay: 0
x-microsoft-antispam: BCL:0;ARA:13230040|366016|1800799024|376014|38070700018;
Content-Type: multipart/mixed;
\tboundary="{boundary}"
MIME-Version: 1.0

"""


def _outlook_attachment(boundary: str, ctype: str, name: str, data: bytes) -> str:
    enc = words(name, "iso-2022-jp", 8, sep="\n\t")
    return f"""--{boundary}
Content-Type: {ctype};
\tname="{enc}"
Content-Description: {enc}
Content-Disposition: attachment;
\tfilename="{enc}"; size={len(data)};
\tcreation-date="Tue, 01 Dec 2026 01:20:11 GMT";
\tmodification-date="Tue, 01 Dec 2026 01:23:45 GMT"
Content-Transfer-Encoding: base64

{b64(data)}

"""


def _outlook_bodies(boundary: str, body: str, wrapped: bool = True) -> str:
    """text/plain + text/html as Outlook writes them: a multipart/alternative inside the mixed part,
    or (no attachment, `wrapped` false) the parts of the top-level alternative itself."""
    alt = boundary.replace("_004_", "_000_")
    html = ("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta http-equiv=\"Content-Type\" "
            "content=\"text/html; charset=iso-2022-jp\"><style><!-- p.MsoNormal {margin:0mm;} --></style></head>"
            "<body lang=\"JA\" link=\"#0563C1\"><div class=\"WordSection1\">"
            + "".join(f"<p class=\"MsoNormal\">{line or '<o:p>&nbsp;</o:p>'}</p>" for line in body.split("\n"))
            + "</div></body></html>")
    parts = f"""--{alt}
Content-Type: text/plain; charset="iso-2022-jp"
Content-Transfer-Encoding: 7bit

{cp50220(body).decode('ascii')}

--{alt}
Content-Type: text/html; charset="iso-2022-jp"
Content-Transfer-Encoding: quoted-printable

{qp(cp50220(html).decode('ascii'), 'ascii')}

--{alt}--
"""
    if not wrapped:
        return parts
    return f"""--{boundary}
Content-Type: multipart/alternative;
\tboundary="{alt}"

{parts}
"""


def outlook_shika() -> Case:
    """Outlook (Japanese) with Shika's numbered body items ①–⑦ and CP50220 characters in names."""
    subject = "【志賀町】返礼品提供申請（㈱のと海産）①"
    b = "_004_TYCPR01MB1234567ABCDEF0123456789ABCDTYCPR01MB1234jpnp_"
    names = ["㈱のと海産_誓約書（様式第1号）.pdf", "免許及び許可の確認票（様式第2号）①.xlsx"]
    raw = (_outlook_headers(subject, ("佐藤 一郎", "sato@noto-kaisan.example.co.jp"), "shika", b,
                            "TYCPR01MB1234567ABCDEF0123456789ABCD@TYCPR01MB1234.jpnprd01.prod.outlook.com",
                            "AdnK2f3mJ0vZq6dNTy2Q0b7fWq1x2Q==")
           + _outlook_bodies(b, SHIKA_BODY)
           + _outlook_attachment(b, "application/pdf", names[0], PDF)
           + _outlook_attachment(b, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", names[1],
                                 xlsx_bytes())
           + f"--{b}--\n")
    return Case("outlook_shika", crlf(raw), subject, names,
                ["①所在地：石川県羽咋郡志賀町末吉千古1-1", "②事業者名：㈱のと海産", "⑦概要：能登産 ブリ切り身 Ⅰ型セット"])


PPAP_PASSWORD = "Xk7pQ2mz"


def outlook_ppap() -> Case:
    """Outlook with a password-protected ZIP (ZipCrypto, cp932 names): kept, waiting for its password."""
    subject = "申請書類の送付（パスワード別送）"
    b = "_004_OS3PR01MB5678ABCDEF0123456789ABCDEF01OS3PR01MB5678jpnp_"
    body = "成田市 ご担当者様\n\n申請書類一式をお送りします。\nパスワードは別途お送りします。\n\n㈱なりた農園 鈴木\n"
    archive = windows_zip({"申請書.pdf": PDF, "誓約書.pdf": PDF + b"%2"}, password=PPAP_PASSWORD.encode())
    raw = (_outlook_headers(subject, ("鈴木 次郎", "suzuki@narita-noen.example.jp"), "narita", b,
                            "OS3PR01MB5678ABCDEF0123456789ABCDEF01@OS3PR01MB5678.jpnprd01.prod.outlook.com",
                            "AQHZ9Rk3mT2xL0qZgUa5oYcJ8pQwZQ==")
           + _outlook_bodies(b, body)
           + _outlook_attachment(b, "application/x-zip-compressed", "申請書類.zip", archive)
           + f"--{b}--\n")
    return Case("outlook_ppap", crlf(raw), subject, ["申請書類.zip"], ["申請書類一式をお送りします。"],
                refused={"申請書類.zip": "zip_password"})


def outlook_password_followup() -> bytes:
    """The PPAP follow-up: no attachment (a top-level multipart/alternative), the password in the body."""
    subject = "パスワードをお送りします"
    b = "_000_OS3PR01MB5678FEDCBA9876543210FEDCBA98OS3PR01MB5678jpnp_"
    body = ("成田市 ご担当者様\n\n先ほどお送りした「申請書類.zip」のパスワードをお送りします。\n\n"
            f"パスワード：{PPAP_PASSWORD}\n\n㈱なりた農園 鈴木\n")
    head = _outlook_headers(subject, ("鈴木 次郎", "suzuki@narita-noen.example.jp"), "narita", b,
                            "OS3PR01MB5678FEDCBA9876543210FEDCBA98@OS3PR01MB5678.jpnprd01.prod.outlook.com",
                            "AQHZ9Rk3mT2xL0qZgUa5oYcJ8pQwZQAAAEc=", has_attach="")
    return crlf(head.replace("multipart/mixed", "multipart/alternative") + _outlook_bodies(b, body, wrapped=False))


def outlook_forward_as_attachment() -> Case:
    """Staff forward a supplier's mail as an attachment (message/rfc822 holding the files)."""
    subject = "FW: 返礼品申請書類"
    inner_subject = "返礼品申請書類"
    b = "_004_TYAPR01MB9999000011112222333344445555TYAPR01MB9999jpnp_"
    ib = "_004_TYAPR01MB1111AAAABBBBCCCCDDDDEEEEFFFFTYAPR01MB1111jpnp_"
    inner = (f"""From: {word("㈱いしがき物産 比嘉", "iso-2022-jp")} <higa@ishigaki-bussan.example.co.jp>
To: {word("石垣市 ふるさと納税", "iso-2022-jp")} <furusato@city.ishigaki.example.jp>
Subject: {word(inner_subject, "iso-2022-jp")}
Date: Mon, 30 Nov 2026 09:00:00 +0900
Message-ID: <TYAPR01MB1111AAAABBBBCCCCDDDDEEEEFFFF@TYAPR01MB1111.jpnprd01.prod.outlook.com>
Content-Language: ja-JP
X-MS-Has-Attach: yes
Content-Type: multipart/mixed;
\tboundary="{ib}"
MIME-Version: 1.0

""" + _outlook_bodies(ib, "申請書と食品表示ラベルを添付します。\n")
             + _outlook_attachment(ib, "application/pdf", "申請書（様式第1号）.pdf", PDF)
             + _outlook_attachment(ib, "image/jpeg", "食品表示ラベル.jpg", jpeg())
             + f"--{ib}--\n")
    raw = (_outlook_headers(subject, ("石垣市 企画部 宮城", "miyagi@city.ishigaki.example.jp"), "ishigaki", b,
                            "TYAPR01MB9999000011112222333344445555@TYAPR01MB9999.jpnprd01.prod.outlook.com",
                            "AQHZ9Rk3AAAAmT2xL0qZgUa5oYcJ8pQwZQ==")
           + _outlook_bodies(b, "事業者から届いた申請書類を転送します。\n")
           + f"""--{b}
Content-Type: message/rfc822
Content-Disposition: attachment;
\tcreation-date="Tue, 01 Dec 2026 01:23:45 GMT";
\tmodification-date="Tue, 01 Dec 2026 01:23:45 GMT"

{inner}
--{b}--
""")
    return Case("outlook_forward_as_attachment", crlf(raw), subject, ["申請書（様式第1号）.pdf", "食品表示ラベル.jpg"],
                ["事業者から届いた申請書類を転送します。", "申請書と食品表示ラベルを添付します。"],
                forwarded=["higa@ishigaki-bussan.example.co.jp"])


def gmail() -> Case:
    """Gmail's web client: base64 UTF-8 bodies, RFC 2047 file names, a signature logo inline."""
    subject = "返礼品の登録申込書（成田市）"
    body = "成田市 ふるさと納税ご担当者様\r\n\r\n登録申込書と商品写真を添付いたします。\r\n\r\n--\r\n成田ベーカリー 田中\r\n"
    html = ('<div dir="ltr">成田市 ふるさと納税ご担当者様<div><br></div><div>登録申込書と商品写真を添付いたします。</div>'
            '<div><br></div><div>-- <br><img src="cid:ii_m3k9x2p10" alt="logo.png" width="120" height="30"></div></div>\r\n')
    mixed, related, alt = "000000000000c4f2b1060d7e8f90", "000000000000c4f2b0060d7e8f8f", "000000000000c4f2af060d7e8f8e"
    form = "登録申込書（第1号様式）.docx"
    raw = f"""Received: by 2002:a05:6504:5c3:b0:2b1:1234:abcd with SMTP id j3csp123456lta;
        Tue, 1 Dec 2026 01:30:02 -0800 (PST)
X-Google-Smtp-Source: AGHT+IFq3mZ7kPb4Rt9wLsXq3mZ7kPb4Rt9wLs=
X-Spam-Level:
MIME-Version: 1.0
From: {word("成田ベーカリー 田中")} <narita.bakery.tanaka@gmail.com>
Date: Tue, 1 Dec 2026 18:30:00 +0900
Message-ID: <CAF3mZ7kPb4Rt9wLs+Xq3mZ7kP=b4Rt9wLsXq3mZ7k@mail.gmail.com>
Subject: {word(subject)}
To: intake+narita@example.jp
Content-Type: multipart/mixed; boundary="{mixed}"

--{mixed}
Content-Type: multipart/related; boundary="{related}"

--{related}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

{b64(body.encode())}
--{alt}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: base64

{b64(html.encode())}
--{alt}--
--{related}
Content-Type: image/png; name="logo.png"
Content-Disposition: inline; filename="logo.png"
Content-Transfer-Encoding: base64
Content-ID: <ii_m3k9x2p10>
X-Attachment-Id: ii_m3k9x2p10

{b64(png_logo())}
--{related}--
--{mixed}
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;
\tname="{word(form)}"
Content-Disposition: attachment;
\tfilename="{word(form)}"
Content-Transfer-Encoding: base64
Content-ID: <f_m3k9x2pz0>
X-Attachment-Id: f_m3k9x2pz0

{b64(docx_bytes())}
--{mixed}
Content-Type: image/jpeg; name="{word('商品写真_メロンパン.jpg')}"
Content-Disposition: attachment; filename="{word('商品写真_メロンパン.jpg')}"
Content-Transfer-Encoding: base64
Content-ID: <f_m3k9x2q41>
X-Attachment-Id: f_m3k9x2q41

{b64(jpeg())}
--{mixed}--
"""
    return Case("gmail", crlf(raw), subject, [form, "商品写真_メロンパン.jpg"], ["登録申込書と商品写真を添付いたします。"],
                inline=["logo.png"])


def gmail_forward_inline() -> Case:
    """Gmail's 「転送」: the supplier's message quoted in the body, its attachments carried along."""
    subject = "Fwd: 営業許可証の更新について"
    body = ("ご確認お願いします。\n\n---------- Forwarded message ---------\n"
            "From: 能登ワイナリー 山本 <yamamoto@noto-winery.example.jp>\nDate: 2026年11月30日(月) 17:02\n"
            "Subject: 営業許可証の更新について\nTo: <shika.furusato@gmail.com>\n\n\n更新後の営業許可証をお送りします。\n")
    mixed, alt = "0000000000009a8b7c060d7e9012", "000000000000998b7c060d7e9010"
    raw = f"""MIME-Version: 1.0
From: {word("志賀町 ふるさと納税")} <shika.furusato@gmail.com>
Date: Tue, 1 Dec 2026 09:05:11 +0900
Message-ID: <CAH9pQw=Zy4-u8Xq3mZ7kPb4Rt9wLsXq3mZ7kPb4Rt9@mail.gmail.com>
Subject: {word(subject)}
To: intake+shika@example.jp
Content-Type: multipart/mixed; boundary="{mixed}"

--{mixed}
Content-Type: multipart/alternative; boundary="{alt}"

--{alt}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(body)}
--{alt}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp('<div dir="ltr">' + body.replace(chr(10), '<br>') + '</div>')}
--{alt}--
--{mixed}
Content-Type: application/pdf; name="{word('営業許可証_2026.pdf')}"
Content-Disposition: attachment; filename="{word('営業許可証_2026.pdf')}"
Content-Transfer-Encoding: base64
Content-ID: <f_m3kaa1b20>
X-Attachment-Id: f_m3kaa1b20

{b64(PDF)}
--{mixed}--
"""
    return Case("gmail_forward_inline", crlf(raw), subject, ["営業許可証_2026.pdf"], ["更新後の営業許可証をお送りします。"],
                forwarded=["yamamoto@noto-winery.example.jp"])


def iphone_mail(heic: bytes | None = None) -> Case:
    """iPhone Mail: a top-level Content-Transfer-Encoding, Apple-Mail boundaries, a HEIC photo sent
    inline, a PDF with x-unix-mode and an NFD file name, the body split around them."""
    subject = "商品写真と食品表示ラベル"
    nfd_name = unicodedata.normalize("NFD", "パッケージ写真・ラベル.pdf")
    b = "Apple-Mail-5E2B9D3A-7C41-4F0E-9B8A-2D6C1E3F4A5B"
    photo = heic if heic is not None else jpeg(480, 640, "green")
    photo_type, photo_name = ("image/heic", "IMG_0123.HEIC") if heic is not None else ("image/jpeg", "IMG_0123.jpg")
    raw = f"""Content-Type: multipart/mixed; boundary={b}
Content-Transfer-Encoding: 7bit
From: {word("鈴木 花子", "utf-8")} <hanako.suzuki@icloud.com>
Mime-Version: 1.0 (1.0)
Date: Tue, 1 Dec 2026 11:02:13 +0900
Subject: {word(subject, "utf-8")}
Message-Id: <8E7D6C5B-4A39-2817-0F6E-5D4C3B2A1908@icloud.com>
To: intake+hamada@example.jp
X-Mailer: iPhone Mail (22B91)


--{b}
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp("浜田市ご担当者様" + chr(10) + chr(10) + "商品写真と食品表示ラベルを送ります。" + chr(10))}
--{b}
Content-Type: {photo_type};
\tname={photo_name};
\tx-apple-part-url=7A1C9E54-2B3D-4F6A-8C0E-1D2F3A4B5C6D
Content-Disposition: inline;
\tfilename={photo_name}
Content-Transfer-Encoding: base64

{b64(photo)}
--{b}
Content-Type: application/pdf;
\tx-unix-mode=0644;
\tname="{word(nfd_name, 'utf-8')}"
Content-Disposition: attachment;
\tfilename*=utf-8''{pct(nfd_name, 'utf-8')}
Content-Transfer-Encoding: base64

{b64(PDF)}
--{b}
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp(chr(10) + "iPhoneから送信" + chr(10))}
--{b}--
"""
    return Case("iphone_mail", crlf(raw), subject, [photo_name, "パッケージ写真・ラベル.pdf"],
                ["商品写真と食品表示ラベルを送ります。", "iPhoneから送信"])


def becky_shift_jis() -> Case:
    """An old Shift_JIS client: 8-bit body with cp932 characters, a raw Shift_JIS file name."""
    subject = "苦情等処理報告書の提出（髙橋商店）"
    body = "浜田市 ご担当者様\n\n苦情等処理報告書を提出します。\n㈱髙橋商店 髙橋 ①発生日 11月28日\n"
    name = "苦情等処理報告書①.pdf"
    b = "----_NextPart_0123456789ABCDEF"
    head = RECEIVED.format(addr="takahashi@takahashi-shoten.example.jp", profile="hamada") + f"""Date: Tue, 01 Dec 2026 12:00:00 +0900
From: {word("髙橋 商店", "Shift_JIS")} <takahashi@takahashi-shoten.example.jp>
To: intake+hamada@example.jp
Subject: {word(subject, "Shift_JIS")}
Message-Id: <20261201120000.0A1B.AB12CD34@takahashi-shoten.example.jp>
MIME-Version: 1.0
X-Mailer: Becky! ver. 2.81.04 [ja]
Content-Type: multipart/mixed;
 boundary="{b}"

--{b}
Content-Type: text/plain; charset="Shift_JIS"
Content-Transfer-Encoding: 8bit

"""
    parts = (head.encode("ascii") + body.encode("cp932")
             + f"""
--{b}
Content-Type: application/pdf; name=\"""".encode("ascii") + name.encode("cp932") + b"""\"
Content-Disposition: attachment; filename=\"""" + name.encode("cp932") + f"""\"
Content-Transfer-Encoding: base64

{b64(PDF)}

--{b}--
""".encode("ascii"))
    raw = parts.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return Case("becky_shift_jis", raw, subject, [name], ["㈱髙橋商店 髙橋 ①発生日"])


def zipped_documents() -> Case:
    """Thunderbird sending a ZIP made by Windows' Explorer (cp932 names) beside one made on a Mac
    (UTF-8 names in NFD, __MACOSX junk)."""
    subject = "申請書類一式（ZIP）"
    win = windows_zip({"申請書.docx": docx_bytes(), "食品表示ラベル.jpg": jpeg()})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(unicodedata.normalize("NFD", "書類/パンフレット.pdf"), PDF)
        z.writestr("__MACOSX/書類/._パンフレット.pdf", b"\0\5\26\7")
        z.writestr(".DS_Store", b"\0\0\0\1Bud1")
    mac = buf.getvalue()
    b = "------------m1N2b3V4c5X6z7L8k9J0h1G2"
    raw = f"""Content-Type: multipart/mixed; boundary="{b}"
Message-ID: <0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9@gunma-mask.example.jp>
Date: Tue, 1 Dec 2026 13:14:15 +0900
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: ja
To: intake+gunma@example.jp
From: gunma-mask <info@gunma-mask.example.jp>
Subject: {word(subject)}

This is a multi-part message in MIME format.
--{b}
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

""" + "書類一式をZIPでお送りします。\n" + f"""
--{b}
Content-Type: application/x-zip-compressed; name="{word('申請書類.zip')}"
Content-Disposition: attachment; filename*=UTF-8''{pct('申請書類.zip', 'UTF-8')}
Content-Transfer-Encoding: base64

{b64(win)}
--{b}
Content-Type: application/zip; name="mac.zip"
Content-Disposition: attachment; filename="mac.zip"
Content-Transfer-Encoding: base64

{b64(mac)}
--{b}--
"""
    raw_bytes = raw.replace("\n", "\r\n").encode("utf-8")
    return Case("zipped_documents", raw_bytes, subject, ["申請書.docx", "食品表示ラベル.jpg", "パンフレット.pdf"],
                ["書類一式をZIPでお送りします。"])


def zip_over_limit(files: int = 60) -> Case:
    """A ZIP of more files than the limit: kept whole, refused with the limit named."""
    archive = windows_zip({f"写真{i:03d}.jpg": b"\xff\xd8\xff" + bytes(16) for i in range(files)})
    b = "------------zZ9yY8xX7wW6vV5uU4tT3sS2"
    raw = f"""Content-Type: multipart/mixed; boundary="{b}"
Message-ID: <zip-over-limit-0001@example.jp>
Date: Tue, 1 Dec 2026 13:20:00 +0900
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
To: intake+hamada@example.jp
From: photo-shop <photos@example.jp>
Subject: photos

--{b}
Content-Type: text/plain; charset=UTF-8

photos attached
--{b}
Content-Type: application/zip; name="photos.zip"
Content-Disposition: attachment; filename="photos.zip"
Content-Transfer-Encoding: base64

{b64(archive)}
--{b}--
"""
    return Case("zip_over_limit", crlf(raw), "photos", ["photos.zip"], ["photos attached"],
                refused={"photos.zip": "zip_limit"})


def corpus(heic: bytes | None = None) -> list[Case]:
    return [thunderbird_utf8(), thunderbird_iso2022jp(), outlook_shika(), outlook_ppap(),
            outlook_forward_as_attachment(), gmail(), gmail_forward_inline(), iphone_mail(heic),
            becky_shift_jis(), zipped_documents(), zip_over_limit()]
