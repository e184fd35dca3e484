"""The kinds of fact a question may ask for, each as a pair of patterns: how a question asks
for it (over the normalized question) and how a passage states it (over the passage's
normalized text). ``knowledge.asked`` decides with them whether a passage answers.

The kinds: an amount of money, a population, a number, the year something began, a start, a
day, a date, practical arrangements, a number of years, a duration, a time of day, a person's
background and post, a term of office, an explanation, a share, a percentage, a ranking, who
proposed or wrote something, a company or a product, votes, a vote or an objection, an
agenda, an address, a reason and a theme.
"""

from __future__ import annotations

import re

__all__ = ["ANSWERED_BY", "ASKED_KINDS", "BACKGROUND_STATED", "COUNTED", "NUMBER"]

DIGIT = "0-9一二三四五六七八九十两百千万"
NUMBER = f"[{DIGIT}]"
# a number of things: not part of a longer number or an ordinal ("第十四次" counts nothing),
# not a year ("2030 年议程"), not a group's name
COUNTED = re.compile(
    # "一个" is as often "a" as "one": 同一个世界 counts nothing
    rf"(?<![第{DIGIT}])(?!一[个项次位名份场条届天周段国人])(?!一\s)"
    rf"{NUMBER}+(?:\.\d+)?\s*"
    # the number in a group's name counts nothing: 二十国集团 (G20), 77 国集团
    r"(?P<unit>%|人|名|位|个|项|次|国(?!集团)|万|亿|倍|天|周(?!年)|段|份|场|届|条)"
    rf"|(?<![第{DIGIT}])[0-9一二三四五六七八九十]{{1,3}}\s*年(?!\s*\d)(?<![0-9]{{4}}\s年)"
)


# 几号 asking the day of the month (not "第几号目标", which numbered target, nor 几号决议 /
# 文件 / 目标, which number)
_WHAT_DAY_NUMBER = r"(?<!第)几号(?![决文目])"

# a passage that gives someone's earlier posts
BACKGROUND_STATED = re.compile(r"曾任|此前担任|原任|前任|\bformerly\b")

ASKED_KINDS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        "an amount of money",
        re.compile(
            r"多少钱|多少经费|多少预算|经费是多少|预算是多少|花了多少|注册费|费用|\bfees?\b"
            # not "programme budget implications" (方案预算问题), a term of UN procedure, or
            # "implicatons" as typed
            r"|\bhow much money\b|\bbudgets?\b(?! impli\w*)(?![- ]wise)(?!.{0,12}\banything\b)"
            # (nor "不涉及预算": no budget implications)
            r"|(?<!方案)(?<!涉及)预算(?!问题|影响|有影响)"
            r"|\bhow much did\b.*\b(?:contribut\w*|donat\w*|give|gave|pledge\w*)\b"
            r"|(?:捐|捐助|捐款|出资|资助)了?多少|多少(?:捐助|捐款|资金)|\bcontributions?\b.*多少"
            r"|多少\s*contributions?|\bwhat amount\b"
            r"|\bhow much did\b.*\b(?:give|cost|pay|spend)\b"
            # "US contribution to trust fund amount"
            r"|\b(?:contribut\w*|donat\w*|pledg\w*|funds?|funding|money)\b.{0,30}\bamounts?\b"
            r"|\bamounts?\b.{0,30}\b(?:contribut\w*|donat\w*|pledg\w*|funds?|funding|money)\b"
            # "would it cost anything" asks whether, not how much (budget implications)
            r"|\bcost\b(?!.{0,30}\banything\b)"
            r"|多少\s*(?:usd|美元|美金|欧元|瑞郎|dollars?|francs?|euros?)"
            # what a prize carries ("the prize money", "奖金有多少")
            r"|\bprize money\b|\bcash prize\b|奖金"
            r"|\bhow many (?:dollars|francs|euros)\b"
        ),
        re.compile(r"美元|欧元|瑞郎|\$|\busd\b|\bchf\b|\beur\b"),  # not "Europe/Geneva"
    ),
    (
        # a population is a figure of people, not a list of names
        "a population",
        re.compile(r"\bpopulations?\b|人口"),
        re.compile(rf"{NUMBER}[\d.,]*\s*(?:%|万|亿)?\s*的?\s*(?:人口|居民)|人口\D{{0,12}}\d"),
    ),
    (
        "a number",
        re.compile(
            # "第几项" asks which one (a paragraph's number answers), "哪几位" which ones,
            # "那几份报告" those few
            r"多少|(?<![好第哪那这])几(?:个|次|位|名|项|年|天|场|份|条|轮|回|家|批|笔)"
            r"|\bhow many\b|\bhow much\b"
            r"|\bnumber of\b|\battendance\b|\bturnout\b|出席人数|参加人数|与会人数"
            r"|注册人数|报名人数"
            r"|规模.{0,4}多大|多大(?:的)?规模|\bhow (?:big|large)\b|\bsize of\b"
            r"|\b(?:what|which) (?:\w+ ){0,2}figures?\b"
        ),
        COUNTED,
    ),
    (
        # the year something began: a year it started from ("2005 年以来", "since 2005"), not
        # the days it is held each year ("每年 10 月 24 日至 31 日")
        "the year it began",
        re.compile(
            r"哪1?年.{0,6}(?:开始|启动|设立|创办|创立|成立|发起)"
            r"|(?:开始|启动|设立|创办|创立|成立|发起)于?哪1?年"
            r"|\b(?:what|which) year (?:\w+ ){0,6}(?:start|begin|began|launch|creat|found|set up)"
            r"|\bsince (?:what|which) year\b"
        ),
        re.compile(
            r"\d{4}\s*年(?:起|开始|以来|启动|设立|成立)|自\s*\d{4}\s*年|\bsince (?:19|20)\d\d\b"
            r"|(?:19|20)\d\d\s*年.{0,16}(?:启动|设立|创办|开始|成立|发起)"
        ),
    ),
    (
        # when something began, which a passage giving only its end does not say
        "a start",
        re.compile(
            rf"(?:\bwhen\b|什么时候|啥时候|哪天|{_WHAT_DAY_NUMBER}|几月几日"
            r"|\bwhat (?:date|day)\b)"
            r".{0,60}(?:\bstart\w*|\bbegin\w*"
            r"|\bbegan\b|开始|启动)|(?:\bstart\w*|开始|启动).{0,20}(?:什么时候|啥时候|哪天|\bwhen\b)"
            r"|哪1?年.{0,6}(?:开始|启动|设立|创办|创立|接任|上任|就任)"
            r"|(?:开始|启动|设立|创办|创立)于?哪1?年"
        ),
        re.compile(r"开始|启动|开幕|起|至|\bfrom\b|\bstart|\bbegan\b|\bopen"),
    ),
    (
        # a day, not a year or a season: "exact opening day", "哪天开幕"
        "a day",
        re.compile(
            # (not "the opening day's high-level segment": a day named, not asked for)
            rf"哪天|哪一天|哪几天|{_WHAT_DAY_NUMBER}|几月几日|\b(?:what|which|exact) day\b"
            r"|\b(?:opening|closing) day (?:of|for)\b|\bexact date\b|\bon what date\b"
        ),
        # (not a resolution's number: "第 70/125 号决议")
        re.compile(
            rf"{NUMBER}+\s*(?:日|号(?![决文]))|今天|明天|昨天|\b(?:mon|tues|wednes|thurs|fri)day\b"
        ),
    ),
    (
        "a date",
        re.compile(
            # "哪一年" is "哪1年" once normalized
            r"什么时候|啥时候|啥时|几时|何时|哪天|哪一天|哪几天|哪[一1]年|哪年|几月"
            rf"|{_WHAT_DAY_NUMBER}"
            # "when" that asks, not "when it comes to", "when the resolution talks about"
            r"|^when (?:and|in|on|exactly|s\b|(?:\w+ )?(?:is|was|were|are|did|does|do|will"
            r"|would|has|have|had|can|could|should)\b)"
            r"|\bwhen$|\b(?:by|since|until) when\b"
            r"|\bwhen (?:was|were|is|are|did|does|do|will|would|has|have|had|exactly|should)\b"
            r"|\bwhat date\b|\bwhat year\b|\bwhich year\b"
            # a deadline ("is there a deadline", "截止日期")
            r"|\bdeadlines?\b|\bdue date\b|截止(?:日期|时间)|最后期限"
        ),
        re.compile(
            # not a year that names something ("2030 年议程": the 2030 Agenda)
            # nor a target named by its year ("2025 年目标")
            rf"\d{{4}}\s*年(?!\s*(?:可持续发展)?议程|\s*目标)|{NUMBER}+\s*月"
            r"|\b(?:19|20)\d\d\b(?!\s*/)|今年|明年|本届|下届"
            rf"|第?{NUMBER}+\s*届"
        ),
    ),
    (
        # what a session report never records: the weather, rooms, the video platform, hotels
        "practical arrangements",
        re.compile(
            r"天气|气温|下雨|酒店|宾馆|会议室|房间号|密码|签证|停车|午餐|着装|视频平台|会议平台"
            # not a "conference room paper" (CRP), a kind of document
            r"|\bweather\b|\btemperature\b|\bhotels?\b|\brooms?\b(?! papers?\b)|\bzoom\b|\bwebex\b"
            r"|\bpasswords?\b|\bvisas?\b|\bparking\b|\blunch\b|\bdress code\b|\bwifi\b"
            r"|\bplatform\b|\bvideoconferenc\w*|\btranslat\w*|翻译|口译|同传"
            r"|\binterpret(?:ers?|ing)\b|\binterpretation\b(?! of)"
            # how the virtual meetings went technically
            r"|\binternet connections?\b|\bconnection (?:problems?|issues?)\b|\btime zones?\b"
            r"|时差|掉线|断线|没能上线|上不了线|网络连接"
            r"|幻灯片|\bslides?\b|\bppt\b|录像|录音|\brecordings?\b"
        ),
        re.compile(r"天气|气温|酒店|宾馆|会议室|密码|签证|zoom|webex|\bhotel|\bweather"),
    ),
    (
        # how many years something runs or was extended for ("IGF 的任务延了多久"): years
        # counted, not a year named ("再延长 10 年", not "2015 年")
        "a number of years",
        re.compile(
            # (哪几年 asks which years: "2019 年和 2020 年")
            r"(?:延|延长|续)了?(?:多久|多长时间|几年|多少年)|(?:多少|(?<!哪)几)年"
            r"|\bhow many years\b|\bextended\b.{0,30}\bhow long\b|\bhow long\b.{0,40}\bextend\w*"
        ),
        re.compile(
            r"(?<!\d)\d{1,2}\s*年(?![\d月])|(?<![第\d])[一二三四五六七八九十两]+年"
            r"|\b\d{1,2} years?\b"
        ),
    ),
    (
        "a duration",
        re.compile(
            r"多长时间|多久|几分钟|几个小时|\bhow long\b|\bfor how many (?:minutes|hours)\b"
        ),
        re.compile(
            r"\d+\s*(?:分钟|小时|个月|周(?!年)|天)|\b(?:minutes?|hours?|weeks?|months?)\b|至\s*\d"
        ),
    ),
    (
        "a time of day",
        # "第几点" asks which point of a list, "一共有几点" how many points ("几点建议")
        re.compile(
            r"\bwhat time\b|\bat what time\b|(?<![第有共])几点(?!建议|意见|内容|要求)"
            r"|什么时间开始|\bwhat hour\b"
        ),
        re.compile(r"\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\s*点|上午|下午|中午|\b[ap]\.?m\b"),
    ),
    (
        "a person's background",
        re.compile(
            # (not "当上副主席": how one came to a bureau seat, which the election answers)
            r"背景|履历|简历|以前是干|之前是干|以前做|之前做|当上(?!\s*(?:副?主席|报告员))"
            # (not "the background paragraphs": a preamble)
            r"|担任.*多久|\bbackground\b(?! (?:para\w*|sections?|parts?|info\w*|notes?|documents?"
            r"|papers?|materials?)\b)"
            r"|(?:之前|以前|此前|曾经)(?:有没有|是否)?(?:当|担任|做)过|\bpreviously\b"
            r"|\bever (?:been|served|chaired)\b|出生|生日|几岁|多大年纪|\bborn\b|\bage\b"
            r"|\bhow old\b"
            # what someone does for a living
            r"|做什么工作|什么职业|本职|\boccupation\b|\bday job\b"
            r"|\bwhat does (?:he|she) do\b|\bfor a living\b"
            # not an "early career fellowship"
            r"|\bbiograph\w*|(?<!early )\bcareer\b(?! fellow\w*| development| guidance)"
            r"|\bbefore (?:he|she) (?:was|became)\b"
            # where someone studied
            r"|毕业|学历|学位|\bgraduat\w*|\bstudied (?:at|in)\b|\balma mater\b|\bphd\b"
        ),
        BACKGROUND_STATED,
    ),
    (
        # where someone works and as what, which a list of speakers gives before their name
        # ("瑞士联邦通信办公室国际事务主任 Thomas Schneider") and a seat of the bureau does not
        "a person's post",
        re.compile(
            # (not "秘书处是哪个单位": which body something is)
            r"哪个(?:部|部门|部会|单位)的?(?:官员|人)|(?<!是)哪个(?:部门|部会|单位)的?"
            r"|是哪个(?:部门|部会|单位)的"
            r"|(?:什么|啥|哪个)\s*(?:position|post)\b"
            r"|\b(?:which|what) (?:\w+ )?(?:ministry|department)\b"
            r"|哪个\s*(?:ministry|department|agency)\b|\bjob title\b"
            r"|\bwhat (?:post|position) does\b"
            # a post in a government ("which is his function in the Hungarian government")
            r"|\b(?:post|position|function|job|role|title) (?:\w+ ){0,4}?in (?:the |his |her )?"
            r"(?:\w+ )?(?:government|ministry|administration|cabinet)\b"
            # a post held elsewhere than in the bureau ("在匈牙利政府担任什么职务", "在墨西哥
            # 是啥职位"; not "贝波莱迪是哪国的，担任啥职务", the seat the bureau gives)
            r"|在[^，,。；;]{1,12}?(?:是|担任|当|任)?(?:什么|啥|哪个)\s*(?:职务|职位|官职|头衔)"
            r"|在[^，,。；;]{1,12}?担任(?:什么|啥)(?:职|官|工作)"
        ),
        re.compile(
            r"(?:部|厅|局|署|办公室|中心|大学|研究所|学院|组织|联盟|银行|公司|协会|科学院|基金会)"
            r"[\u4e00-\u9fff、]{0,12}"
            r"(?:部长|主任|司长|院长|教授|总裁|负责人|官员|大使|顾问|秘书长|首席执行官|主席|成员)"
        ),
    ),
    (
        # how long someone holds a post: the report says who was elected, not for how long
        "a term of office",
        re.compile(
            r"任期|\bterms? of office\b|\bterm\b.{0,30}\b(?:ends?|expires?|runs? out|until)\b"
            r"|\b(?:ends?|expires?)\b.{0,20}\bterm\b|(?:当|做|任)主席.{0,12}到(?:哪|什么时候|啥时候)"
        ),
        re.compile(r"任期|期限|延长至|\bterm\b|\bmandate\b"),
    ),
    (
        # how something works or what it is at bottom: the report names technologies, it
        # does not explain them ("区块链到底是个啥东西，讲讲原理")
        "an explanation",
        re.compile(
            r"原理|是个(?:啥|什么)东西|是(?:啥|什么)东西|\bhow does (?:\w+ ){1,3}work\b"
            r"|\bexplain (?:to me )?(?:how|what)\b"
        ),
        re.compile(r"是指|指的是|定义为|意思是|\bmeans\b|\brefers to\b"),
    ),
    (
        # a share of a group, which a gap between two groups is not ("比男子低 43%")
        "a share",
        re.compile(
            # (not how much lower or higher one group is than another: "比男子低百分之几",
            # "how many percent less likely", which a gap such as "低 17%" answers)
            r"(?<![低高少多])百分之多少|(?<![低高少多])百分之几|多大比例|比例是多少"
            r"|占.{0,6}(?:比例|百分之)|占了?多少|占几成"
            r"|\bwhat (?:percentage|share|proportion|fraction) of\b"
            # ("less online than men by how many percent": a gap, too)
            r"|(?<!\bby )\bhow many percent\b(?! (?:less|more|lower|higher|fewer)\b)"
        ),
        # (not "连接另一半", connecting the other half: a slogan)
        re.compile(r"(?:^|[^低高少多\s\d.])\s*\d+(?:\.\d+)?\s*%|百分之|(?<!另)一半|三分之|四分之"),
    ),
    (
        "a percentage",
        re.compile(
            r"百分之|百分比|百分点|比例|比率|\bpercent|\bshare of\b|\bproportion\b"
            # a rate asked of something ("回收率目标", "普及率是多少"), not a speed (效率, 频率)
            r"|(?<![效频速概汇税利])率(?:目标|是多少|有多[高少]|达到|多少)"
            r"|\brates? of\b|\b\w+ rate\b"
        ),
        re.compile(r"%|百分之|比例|一半|三分之|四分之"),
    ),
    (
        # who or what ranks first: the report ranks nothing unless it says so or gives figures
        "a ranking",
        re.compile(
            # (not "排第一的是哪一条": the order of a list)
            r"(?:哪|谁).{0,20}最(?:多|少|大|高|低(?!度)|强|快|早|晚)|排名|排第(?!.{0,8}[条段项点])"
            r"|第1名"
            # "which LDC was the first to get one" (not "the first paragraph to mention it")
            r"|\b(?:which|who|what)\b"
            r"(?! (?:para\w*|clause|section|part|item|line|passage|resolution|one)\b)"
            r".{0,40}\b(?:was|were|is|are) the first"
            r"(?! (?:para\w*|clause|section|part|item|one|time|meeting|session)\b)(?: \w+)? to\b"
            r"|\b(?:which|who|what)\b.{0,100}\b(?:the )?(?:most|biggest|largest|highest|lowest"
            # (not "the top person", "the top job": who holds a seat)
            r"|fewest|least|earliest|top)\b(?! developed| recent| (?:person|job|post|seat|spot"
            r"|official|boss|position|guy|dog)\b)"
        ),
        re.compile(
            # (not 最佳做法, "best practices", nor 最后 "last")
            r"最(?!不发达|佳做法|佳实践|后)|\bmost\b|\blargest\b|\bhighest\b"
            rf"|{NUMBER}[\d.]*\s*(?:%|万|亿|美元)\D+{NUMBER}[\d.]*\s*(?:%|万|亿|美元)"
        ),
    ),
    (
        # the report says who declared each meeting open, never who closed one
        "who closed it",
        re.compile(
            r"\bwho\b.{0,40}\b(?:closed|close[sd]? (?:the|it)|wrapped up)\b"
            r"|谁.{0,12}(?:宣布)?(?:闭幕|闭会|结束会议|宣布结束)|(?:闭幕|闭会).{0,12}(?:是谁|谁)"
        ),
        re.compile(r"闭幕|闭会|宣布结束"),
    ),
    (
        # who put something forward: the report says what was chosen, rarely who proposed it
        "who proposed it",
        re.compile(
            r"(?:\bwho\b|\bwhich (?:\w+ ){0,2}(?:country|delegation|state|group|member)\w*)"
            r".{0,40}\b(?:nominat\w*|propos\w*|suggest\w*|put forward)"
            r"|(?:谁|哪个.{0,6}|哪些.{0,6})(?:提名|提议|推荐|提出)"
        ),
        re.compile(r"提名|提议|推荐|提出|建议"),
    ),
    (
        # who wrote a document: the report names documents by their symbols, not authors
        "an author",
        re.compile(
            r"谁写的|谁撰写|谁起草|作者|执笔|\bwho wrote\b|\bwritten by\b|\bauthors?\b"
            r"|哪个?(?:国家|代表团).{0,6}(?:写|起草)"
        ),
        # (a draft "submitted by the Chair on the basis of informal consultations" says whose)
        re.compile(r"编写|撰写|起草|执笔|作者|提交"),
    ),
    (
        # how many votes: the report counts none (adoption by silence procedure)
        "a number of votes",
        re.compile(r"\bhow many votes\b|\bvote (?:count|tally)\b|多少票|几票|得票"),
        re.compile(r"\d+\s*票|\b\d+ votes\b"),
    ),
    (
        # a company, an app or a product by name: the report names bodies and programmes,
        # hardly ever a firm ("高级别会议上用的是哪家公司的软件", "which contact-tracing apps")
        "a company or a product",
        re.compile(
            # (not 哪家机构, 哪家组织: which institution)
            r"哪家(?!机构|组织|单位|实体)|哪个公司|什么公司|哪款|什么软件|哪个软件|什么app|哪个app|什么平台|哪个平台"
            r"|\b(?:which|what) (?:\w+ ){0,2}(?:compan(?:y|ies)|apps?|software|products?"
            r"|brands?|vendors?)\b"
        ),
        re.compile(r"公司|企业|集团|欧莱雅"),
    ),
    (
        # the report records no vote and no objection, only adoption by silence procedure
        "a vote or an objection",
        re.compile(
            r"\bobject(?:s|ed|ing|ion)?\b|\boppos\w*|\bvot(?:e|es|ed|ing)\b|\bunanimous\w*"
            r"|\b(?:dis)?associat(?:e|ed|es|ing) (?:itself|themselves)\b|\bdissociat\w*"
            r"|\breservations?\b|\bexplanations? of (?:vote|position)\b"
            # (not "abstain from unilateral measures": refrain from)
            r"|反对|投票|表决|一致通过|弃权|\babstain\w*(?!\s+from\b)"
        ),
        re.compile(r"异议|反对|投票|表决|弃权|一致"),
    ),
    (
        # another meeting's agenda: the report prints its own and the next session's
        "an agenda",
        re.compile(r"议程(?:是|有)(?:什么|啥|哪些)|的议程$|\bagenda (?:of|for) (?:the )?(?!24)"),
        re.compile(r"议程"),
    ),
    (
        "an address",
        # a phone number, not a telephone ("移动电话用户有多少", "mobile phone subscriptions")
        re.compile(
            r"邮箱|网址|网站|电话号码|联系电话|电话是多少|\bemail\b|\be-mail\b|\bwebsite\b|\burl\b"
            r"|\bphone number\b|\btelephone number\b"
        ),
        re.compile(r"www|http|@|\.org|\.int"),
    ),
    (
        "a reason",
        re.compile(
            # not what someone was praised or thanked for ("因为啥被表扬", "why was FAO
            # praised"): the paragraph crediting them names the work
            # ("表扬劳工组织是因为啥工作": the praise said first)
            r"^(?!.*(?:表扬|赞扬|感谢|称赞|赞赏|表彰|肯定)[^，,。？?]{0,12}(?:为什么|为何|为啥))"
            r".*?(?:为什么|为何|为啥|原因|理由)(?![^，,。？?]{0,6}(?:表扬|赞扬|感谢|称赞|赞赏|表彰|肯定))"
            r"|\bwhy\b(?! (?:was|were|is|are|did|does|do) (?:[\w-]+ ){1,6}?(?:be )?"
            r"(?:praised?|thanked?|commended?|credited?|recogni[sz]ed?|acknowledged?"
            r"|appreciated?|singled out)\b)"
            r"|\breasons?\b|\brationale\b"
        ),
        # a cause, or a purpose ("what is the Forum good for, why hold it": 有助于)
        # and "X 对 Y 十分重要" answers why X matters; "，以提高…" is "so as to raise …"
        re.compile(
            r"由于|因为|鉴于|为了|以便|原因|考虑到|因此|有助于|有利于|旨在|以期|从而"
            r"|(?:^|[\s，,；])以(?![及后前上下外内来往为此])|对[^\s，。；]{2,30}(?:十分|非常|至关|尤为)?重要"
        ),
    ),
    (
        "a theme",
        re.compile(
            r"什么主题|主题是什么|主题是啥|\btheme\b|\bthemes\b|\bmotto\b"
            r"|(?:哪些|什么|啥)议题|\b(?:what|which) topics\b|口号|标语|\bslogan\b"
            # the title of a talk or lecture
            r"|题目|\btitle of (?:his|her|their|the) "
            r"(?:lecture|talk|presentation|speech|keynote)\b"
        ),
        re.compile(r"主题|题为|题目|“"),
    ),
)

# a kind of fact the passage states that answers another kind asked as well
ANSWERED_BY = {"a start": "the year it began", "a duration": "a number of years"}
