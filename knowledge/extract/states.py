"""The States a UN report names, as UN Chinese usage names them.

The report names States inside longer phrases ("埃及高等教育和科学研究部长",
"比利时、南非、墨西哥……和土耳其的代表"); knowing the names is what lets the extractor tell the
country from the office. The list holds the Members of the United Nations and the two
non-member observer States, with the short forms that UN Chinese texts also use.
"""

from __future__ import annotations

MEMBER_STATES: tuple[str, ...] = (
    "阿富汗", "阿尔巴尼亚", "阿尔及利亚", "安道尔", "安哥拉", "安提瓜和巴布达", "阿根廷",
    "亚美尼亚", "澳大利亚", "奥地利", "阿塞拜疆", "巴哈马", "巴林", "孟加拉国", "巴巴多斯",
    "白俄罗斯", "比利时", "伯利兹", "贝宁", "不丹", "多民族玻利维亚国",
    "波斯尼亚和黑塞哥维那", "博茨瓦纳", "巴西", "文莱达鲁萨兰国", "保加利亚", "布基纳法索",
    "布隆迪", "佛得角", "柬埔寨", "喀麦隆", "加拿大", "中非共和国", "乍得", "智利", "中国",
    "哥伦比亚", "科摩罗", "刚果", "哥斯达黎加", "科特迪瓦", "克罗地亚", "古巴", "塞浦路斯",
    "捷克共和国", "朝鲜民主主义人民共和国", "刚果民主共和国", "丹麦", "吉布提", "多米尼克",
    "多米尼加共和国", "厄瓜多尔", "埃及", "萨尔瓦多", "赤道几内亚", "厄立特里亚", "爱沙尼亚",
    "斯威士兰", "埃塞俄比亚", "斐济", "芬兰", "法国", "加蓬", "冈比亚", "格鲁吉亚", "德国",
    "加纳", "希腊", "格林纳达", "危地马拉", "几内亚", "几内亚比绍", "圭亚那", "海地",
    "洪都拉斯", "匈牙利", "冰岛", "印度", "印度尼西亚", "伊朗伊斯兰共和国", "伊拉克",
    "爱尔兰", "以色列", "意大利", "牙买加", "日本", "约旦", "哈萨克斯坦", "肯尼亚", "基里巴斯",
    "科威特", "吉尔吉斯斯坦", "老挝人民民主共和国", "拉脱维亚", "黎巴嫩", "莱索托", "利比里亚",
    "利比亚", "列支敦士登", "立陶宛", "卢森堡", "马达加斯加", "马拉维", "马来西亚", "马尔代夫",
    "马里", "马耳他", "马绍尔群岛", "毛里塔尼亚", "毛里求斯", "墨西哥", "密克罗尼西亚联邦",
    "摩纳哥", "蒙古", "黑山", "摩洛哥", "莫桑比克", "缅甸", "纳米比亚", "瑙鲁", "尼泊尔",
    "荷兰", "新西兰", "尼加拉瓜", "尼日尔", "尼日利亚", "北马其顿", "挪威", "阿曼",
    "巴基斯坦", "帕劳", "巴拿马", "巴布亚新几内亚", "巴拉圭", "秘鲁", "菲律宾", "波兰",
    "葡萄牙", "卡塔尔", "大韩民国", "摩尔多瓦共和国", "罗马尼亚", "俄罗斯联邦", "卢旺达",
    "圣基茨和尼维斯", "圣卢西亚", "圣文森特和格林纳丁斯", "萨摩亚", "圣马力诺",
    "圣多美和普林西比", "沙特阿拉伯", "塞内加尔", "塞尔维亚", "塞舌尔", "塞拉利昂", "新加坡",
    "斯洛伐克", "斯洛文尼亚", "所罗门群岛", "索马里", "南非", "南苏丹", "西班牙", "斯里兰卡",
    "苏丹", "苏里南", "瑞典", "瑞士", "阿拉伯叙利亚共和国", "塔吉克斯坦", "泰国", "东帝汶",
    "多哥", "汤加", "特立尼达和多巴哥", "突尼斯", "土耳其", "土库曼斯坦", "图瓦卢", "乌干达",
    "乌克兰", "阿拉伯联合酋长国", "大不列颠及北爱尔兰联合王国", "坦桑尼亚联合共和国",
    "美利坚合众国", "乌拉圭", "乌兹别克斯坦", "瓦努阿图", "委内瑞拉玻利瓦尔共和国", "越南",
    "也门", "赞比亚", "津巴布韦",
)  # fmt: skip

OBSERVER_STATES: tuple[str, ...] = ("巴勒斯坦国", "教廷")

SHORT_FORMS: tuple[str, ...] = (
    "玻利维亚", "捷克", "埃斯瓦蒂尼", "伊朗", "老挝", "韩国", "朝鲜", "摩尔多瓦", "俄罗斯",
    "叙利亚", "英国", "美国", "坦桑尼亚", "委内瑞拉", "巴勒斯坦", "沙特",
)  # fmt: skip

# Longest first, so that 几内亚比绍 wins over 几内亚 and 俄罗斯联邦 over 俄罗斯.
_BY_LENGTH = sorted({*MEMBER_STATES, *OBSERVER_STATES, *SHORT_FORMS}, key=lambda s: (-len(s), s))


def state_prefix(text: str) -> str:
    """The State whose name ``text`` starts with, or ""."""
    return next((name for name in _BY_LENGTH if text.startswith(name)), "")


def split_states(text: str) -> list[str] | None:
    """``比利时、南非……和土耳其`` → the States in order, or None if it is not such a list."""
    states: list[str] = []
    rest = text
    while rest:
        name = state_prefix(rest)
        if not name:
            return None
        states.append(name)
        rest = rest[len(name) :]
        if rest.startswith(("、", "和")):
            rest = rest[1:]
            if not rest:
                return None
        elif rest:
            return None
    return states or None
