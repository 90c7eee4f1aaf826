"""Fictitious suppliers, people, addresses and products for the five municipalities."""
from __future__ import annotations

from .util import kanji_num

SURNAMES = ["山田", "佐藤", "中村", "北村", "宮城", "比嘉", "大浜", "新垣", "岡本", "寺井", "西野", "坂下", "浜田",
            "三浦", "石原", "森", "高橋", "藤井", "竹内", "小川", "金城", "玉城", "吉田", "上野", "栗原", "茂木"]
GIVEN = ["太郎", "一郎", "健二", "修", "誠", "和也", "浩之", "花子", "由美", "恵子", "直美", "美咲", "翔太",
         "大輔", "智子", "陽子", "光男", "昭", "裕子", "拓海", "結衣", "勝", "清", "明美"]
KANA_S = {"山田": "ヤマダ", "佐藤": "サトウ", "中村": "ナカムラ", "北村": "キタムラ", "宮城": "ミヤギ", "比嘉": "ヒガ",
          "大浜": "オオハマ", "新垣": "アラカキ", "岡本": "オカモト", "寺井": "テライ", "西野": "ニシノ", "坂下": "サカシタ",
          "浜田": "ハマダ", "三浦": "ミウラ", "石原": "イシハラ", "森": "モリ", "高橋": "タカハシ", "藤井": "フジイ",
          "竹内": "タケウチ", "小川": "オガワ", "金城": "キンジョウ", "玉城": "タマキ", "吉田": "ヨシダ", "上野": "ウエノ",
          "栗原": "クリハラ", "茂木": "モテギ"}
KANA_G = {"太郎": "タロウ", "一郎": "イチロウ", "健二": "ケンジ", "修": "オサム", "誠": "マコト", "和也": "カズヤ",
          "浩之": "ヒロユキ", "花子": "ハナコ", "由美": "ユミ", "恵子": "ケイコ", "直美": "ナオミ", "美咲": "ミサキ",
          "翔太": "ショウタ", "大輔": "ダイスケ", "智子": "トモコ", "陽子": "ヨウコ", "光男": "ミツオ", "昭": "アキラ",
          "裕子": "ユウコ", "拓海": "タクミ", "結衣": "ユイ", "勝": "マサル", "清": "キヨシ", "明美": "アケミ"}
HIRA = str.maketrans({chr(k): chr(k - 0x60) for k in range(0x30A1, 0x30F7)})

MUNI = {
    "shika": dict(pref="石川県", city="羽咋郡志賀町", tel="0767", towns=["富来領家町", "高浜町", "末吉", "赤住", "安津見", "富来地頭町", "矢駄", "堀松"],
                  outside=[("石川県", "七尾市", ["府中町", "小島町"]), ("石川県", "羽咋市", ["旭町", "川原町"]), ("富山県", "氷見市", ["本町"])],
                  words=["能登", "志賀", "千里浜", "富来", "増穂浦", "西海", "能登金剛"], mayor="志賀町長",
                  issuer=["石川県能登中部保健福祉センター所長", "石川県能登中部保健福祉センター長"]),
    "ishigaki": dict(pref="沖縄県", city="石垣市", tel="0980", towns=["美崎町", "登野城", "大川", "新川", "真栄里", "平得", "川平", "白保"],
                     outside=[("沖縄県", "那覇市", ["久茂地", "泉崎"]), ("沖縄県", "宮古島市", ["平良西里"]), ("沖縄県", "竹富町", ["黒島"])],
                     words=["八重山", "石垣島", "美ら", "川平", "南ぬ島", "てぃだ"], mayor="石垣市長",
                     issuer=["沖縄県八重山保健所長"]),
    "hamada": dict(pref="島根県", city="浜田市", tel="0855", towns=["殿町", "港町", "熱田町", "三隅町三隅", "金城町下来原", "旭町今市", "弥栄町長安本郷", "瀬戸ケ島町"],
                   outside=[("島根県", "益田市", ["駅前町", "高津"]), ("島根県", "江津市", ["江津町"]), ("広島県", "北広島町", ["有田"])],
                   words=["石見", "浜田", "はまだ", "三隅", "日本海", "どんちっち"], mayor="浜田市長",
                   issuer=["島根県浜田保健所長", "島根県浜田保健所長"]),
    "narita": dict(pref="千葉県", city="成田市", tel="0476", towns=["花崎町", "幸町", "本町", "公津の杜", "不動ケ岡", "土屋", "三里塚", "大竹", "吉倉"],
                   outside=[("千葉県", "富里市", ["七栄"]), ("千葉県", "香取市", ["佐原イ"]), ("茨城県", "稲敷市", ["江戸崎甲"])],
                   words=["成田", "房総", "印旛", "さくら", "表参道", "下総"], mayor="成田市長",
                   issuer=["千葉県印旛健康福祉センター長", "千葉県印旛保健所長"]),
    "gunma": dict(pref="群馬県", city="前橋市", tel="027", towns=["大手町", "千代田町", "表町", "元総社町"],
                  outside=[("埼玉県", "熊谷市", ["筑波"]), ("栃木県", "足利市", ["通"]), ("長野県", "北佐久郡軽井沢町", ["大字軽井沢"])],
                  words=["上州", "赤城", "榛名", "ぐんま", "利根", "妙義"], mayor="群馬県知事", issuer=["群馬県前橋保健所長"]),
}
GUNMA_CITIES = ["前橋市", "高崎市", "桐生市", "伊勢崎市", "太田市", "沼田市", "館林市", "渋川市", "藤岡市", "富岡市", "安中市",
                "みどり市", "北群馬郡吉岡町", "吾妻郡草津町", "邑楽郡大泉町"]
GUNMA_TOWNS = ["本町", "中央町", "緑町", "栄町", "新町", "昭和町", "旭町", "東町", "大字上野"]


def person(rng):
    s, g = rng.choice(SURNAMES), rng.choice(GIVEN)
    return s, g


def kana(s, g, hira=False):
    k = f"{KANA_S[s]} {KANA_G[g]}"
    return k.translate(HIRA) if hira else k


def banchi(rng, vertical=False):
    a, b, c = rng.randint(1, 9), rng.randint(1, 40), rng.randint(1, 30)
    kind = rng.randint(0, 2)
    if vertical:
        return [f"{kanji_num(a)}丁目{kanji_num(b)}番{kanji_num(c)}号", f"{kanji_num(b)}番地{kanji_num(c)}"][kind % 2]
    return [f"{a}-{b}-{c}", f"{b}番地{c}", f"{a}丁目{b}番{c}号"][kind]


class Biz:
    def __init__(self, ctx, profile, outside=False):
        rng = ctx.rng
        m = MUNI[profile]
        self.profile = profile
        if outside:
            pref, city, towns = rng.choice(m["outside"])
        else:
            pref, city, towns = m["pref"], m["city"], m["towns"]
        self.pref, self.city, self.town = pref, city, rng.choice(towns)
        self.banchi_h = banchi(rng)
        self.address = f"{pref}{city}{self.town}{self.banchi_h}"
        w = rng.choice(m["words"])
        core = rng.choice([w + "物産", w + "食品", w + "水産", w + "屋", w + "ファーム", w + "工房", w + "堂", w + "商会"])
        form = rng.choice(["株式会社{}", "有限会社{}", "{}株式会社", "合同会社{}", "{}", "農事組合法人{}"])
        self.name = form.format(core)
        self.corp = "会社" in self.name or "法人" in self.name
        s, g = person(rng)
        title = {"株式会社": "代表取締役", "有限会社": "取締役", "合同会社": "代表社員", "農事組合法人": "代表理事"}
        self.rep_title = next((v for k, v in title.items() if k in self.name), "代表")
        self.rep_name = f"{s}　{g}"
        self.rep_surname = s
        cs, cg = person(rng)
        self.contact = f"{cs}　{cg}"
        self.phone = f"{m['tel'] if not outside else '0' + str(rng.randint(120, 999))}-{rng.randint(20, 89)}-{rng.randint(1000, 9999)}"
        self.fax = self.phone[:-4] + str(rng.randint(1000, 9999))
        self.email = rng.choice(["info", "shop", "sales", "office", cs and KANA_S[cs].lower() and "contact"]) + "@" + \
            rng.choice(["example.jp", "example.co.jp", "example.com", "example.ne.jp"])
        self.facility = rng.choice([core, f"{core} 本店", f"{core} 第二工場", f"{w}工場", f"{core}加工場"])
        self.fac_address = self.address if rng.random() < 0.6 else f"{pref}{city}{rng.choice(towns)}{banchi(rng)}"
        self.bank_code = rng.choice(["0144", "0187", "0181", "0134", "0168", "9900", "0001"])
        self.branch_code = f"{rng.randint(1, 899):03d}"
        self.account_type = rng.choice(["普通", "普通", "当座"])
        self.account_number = f"{rng.randint(0, 9999999):07d}"
        self.holder_kana = self.kana_name(s, g)

    def kana_name(self, s, g):
        """口座名義 in kana: the representative's name, with the corporate prefix (カ）… ) when a company."""
        base = {"株式会社": "カ）", "有限会社": "ユ）", "合同会社": "ド）", "農事組合法人": "ノウ）"}
        pre = next((v for k, v in base.items() if k in self.name), "")
        return pre + f"{KANA_S[s]} {KANA_G[g]}"

    def rep(self, with_title=True):
        return f"{self.rep_title}　{self.rep_name}" if with_title else self.rep_name
