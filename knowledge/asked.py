"""What kind of fact a question asks for, and whether a passage states one.

A passage on the right subject that does not state what is asked is not an answer: "how many
people attended the IGF in Berlin" finds the paragraph about that IGF, which gives its dates
and theme but no attendance. Search tells the delegate the report does not say, instead of
answering confidently with a paragraph that cannot answer.

The kinds: an amount of money, a number, a date, a percentage, an address, a reason, a theme,
a place, countries, and a person's name. Each is a pair of patterns over the normalized
question and the normalized passage; places, countries and names are recognised through the
knowledge base's aliases and the dictionary's proper names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.answers import entities_in
from knowledge.dictionary import is_proper_name, segmented
from knowledge.elsewhere import asks_what_a_document_says, asks_what_happened_later
from knowledge.models import AgendaItem, Document, KnowledgeBase, Meeting, Paragraph, Record
from knowledge.normalize import folded_question, normalize
from knowledge.render_text import answer_text
from knowledge.search_index import SearchIndex

__all__ = [
    "lacks_beyond_records",
    "lacks_what_is_asked",
    "lacks_what_was_said",
]

_DIGIT = "0-9一二三四五六七八九十两百千万"
_NUMBER = f"[{_DIGIT}]"
# a number of things: not part of a longer number or an ordinal ("第十四次" counts nothing),
# not a year ("2030 年议程")
_COUNTED = re.compile(
    # "一个" is as often "a" as "one": 同一个世界 counts nothing
    rf"(?<![第{_DIGIT}])(?!一[个项次位名份场条届天周段国人])(?!一\s)"
    rf"{_NUMBER}+(?:\.\d+)?\s*"
    r"(?:%|人|名|位|个|项|次|国|万|亿|倍|天|周(?!年)|段|份|场|届|条)"
    rf"|(?<![第{_DIGIT}])[0-9一二三四五六七八九十]{{1,3}}\s*年(?!\s*\d)(?<![0-9]{{4}}\s年)"
)

# a passage that gives someone's earlier posts
_BACKGROUND_STATED = re.compile(r"曾任|此前担任|原任|前任|\bformerly\b")

_ASKS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        "an amount of money",
        re.compile(
            r"多少钱|多少经费|多少预算|经费是多少|预算是多少|花了多少|注册费|费用|\bfees?\b"
            # not "programme budget implications" (方案预算问题), a term of UN procedure
            r"|\bhow much money\b|\bbudgets?\b(?! implications)(?!.{0,12}\banything\b)"
            r"|预算(?!问题|影响|有影响)"
            r"|\bhow much did\b.*\b(?:contribut\w*|donat\w*|give|gave|pledge\w*)\b"
            r"|(?:捐|捐助|捐款|出资|资助)了?多少|多少(?:捐助|捐款|资金)|\bcontributions?\b.*多少"
            r"|多少\s*contributions?|\bwhat amount\b"
            r"|\bhow much did\b.*\b(?:give|cost|pay|spend)\b"
            # "would it cost anything" asks whether, not how much (budget implications)
            r"|\bcost\b(?!.{0,30}\banything\b)"
            r"|多少\s*(?:usd|美元|美金|欧元|瑞郎|dollars?|francs?|euros?)"
            r"|\bhow many (?:dollars|francs|euros)\b"
        ),
        re.compile(r"美元|欧元|瑞郎|\$|\busd\b|\bchf\b|\beur\b"),  # not "Europe/Geneva"
    ),
    (
        # a population is a figure of people, not a list of names
        "a population",
        re.compile(r"\bpopulations?\b|人口"),
        re.compile(rf"{_NUMBER}[\d.,]*\s*(?:%|万|亿)?\s*的?\s*(?:人口|居民)|人口\D{{0,12}}\d"),
    ),
    (
        "a number",
        re.compile(
            # "第几项" asks which one (a paragraph's number answers), "哪几位" which ones
            r"多少|(?<![好第哪])几(?:个|次|位|名|项|年|天|场|份|条)|\bhow many\b|\bhow much\b"
            r"|\bnumber of\b|\battendance\b|\bturnout\b|出席人数|参加人数|与会人数"
            r"|规模.{0,4}多大|多大(?:的)?规模|\bhow (?:big|large)\b|\bsize of\b"
            r"|\b(?:what|which) (?:\w+ ){0,2}figures?\b"
        ),
        _COUNTED,
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
            r"(?:\bwhen\b|什么时候|啥时候|哪天|几号|几月几日|\bwhat (?:date|day)\b)"
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
            r"哪天|哪一天|几号|几月几日|\b(?:what|which|exact|opening|closing) day\b"
            r"|\bexact date\b|\bon what date\b"
        ),
        # (not a resolution's number: "第 70/125 号决议")
        re.compile(
            rf"{_NUMBER}+\s*(?:日|号(?![决文]))|今天|明天|昨天|\b(?:mon|tues|wednes|thurs|fri)day\b"
        ),
    ),
    (
        "a date",
        re.compile(
            # "哪一年" is "哪1年" once normalized
            r"什么时候|啥时候|啥时|几时|何时|哪天|哪一天|哪[一1]年|哪年|几月|几号"
            # "when" that asks, not "when it comes to", "when the resolution talks about"
            r"|^when (?:and|in|on|exactly|s\b|(?:\w+ )?(?:is|was|were|are|did|does|do|will"
            r"|would|has|have|had|can|could|should)\b)"
            r"|\bwhen$|\b(?:by|since|until) when\b"
            r"|\bwhen (?:was|were|is|are|did|does|do|will|would|has|have|had|exactly|should)\b"
            r"|\bwhat date\b|\bwhat year\b|\bwhich year\b"
        ),
        re.compile(
            # not a year that names something ("2030 年议程": the 2030 Agenda)
            # nor a target named by its year ("2025 年目标")
            rf"\d{{4}}\s*年(?!\s*(?:可持续发展)?议程|\s*目标)|{_NUMBER}+\s*月"
            r"|\b(?:19|20)\d\d\b(?!\s*/)|今年|明年|本届|下届"
            rf"|第?{_NUMBER}+\s*届"
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
            r"(?:延|延长|续)了?(?:多久|多长时间|几年|多少年)|(?:多少|几)年"
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
            r"背景|履历|简历|以前是干|之前是干|以前做|之前做|当上|担任.*多久|\bbackground\b"
            r"|(?:之前|以前|此前|曾经)(?:有没有|是否)?(?:当|担任|做)过|\bpreviously\b"
            r"|\bever (?:been|served|chaired)\b|出生|生日|几岁|多大年纪|\bborn\b|\bage\b"
            r"|哪国人|国籍|\bnationality\b|\bwhere is (?:he|she) from\b"
            r"|\bhow old\b"
            # what someone does for a living
            r"|做什么工作|什么职业|\boccupation\b|\bday job\b"
            r"|\bwhat does (?:he|she) do\b|\bfor a living\b"
            # not an "early career fellowship"
            r"|\bbiograph\w*|(?<!early )\bcareer\b(?! fellow\w*| development| guidance)"
            r"|\bbefore (?:he|she) (?:was|became)\b"
        ),
        _BACKGROUND_STATED,
    ),
    (
        # where someone works and as what, which a list of speakers gives before their name
        # ("瑞士联邦通信办公室国际事务主任 Thomas Schneider") and a seat of the bureau does not
        "a person's post",
        re.compile(
            r"哪个(?:部|部门|部会|单位)的?(?:官员|人)|\b(?:which|what) ministry\b"
            r"|哪个\s*(?:ministry|department|agency)\b|\bjob title\b"
            r"|\bwhat (?:post|position) does\b"
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
            r"百分之多少|百分之几|多大比例|比例是多少|占.{0,6}(?:比例|百分之)|占了?多少|占几成"
            r"|\bwhat (?:percentage|share|proportion|fraction) of\b|\bhow many percent\b"
        ),
        # (not "连接另一半", connecting the other half: a slogan)
        re.compile(r"(?:^|[^低高少多\s\d.])\s*\d+(?:\.\d+)?\s*%|百分之|(?<!另)一半|三分之|四分之"),
    ),
    (
        "a percentage",
        re.compile(r"百分之|百分比|比例|比率|\bpercent|\bshare of\b|\bproportion\b"),
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
            r"|fewest|least|earliest|top)\b(?! developed| recent)"
        ),
        re.compile(
            # (not 最佳做法, "best practices", nor 最后 "last")
            r"最(?!不发达|佳做法|佳实践|后)|\bmost\b|\blargest\b|\bhighest\b"
            rf"|{_NUMBER}[\d.]*\s*(?:%|万|亿|美元)\D+{_NUMBER}[\d.]*\s*(?:%|万|亿|美元)"
        ),
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
            r"哪家|哪个公司|什么公司|哪款|什么软件|哪个软件|什么app|哪个app|什么平台|哪个平台"
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
            r"|反对|投票|表决|一致通过|弃权|\babstain\w*"
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
        re.compile(r"为什么|为何|为啥|原因|理由|\bwhy\b|\breasons?\b|\brationale\b"),
        # a cause, or a purpose ("what is the Forum good for, why hold it": 有助于)
        re.compile(r"由于|因为|鉴于|为了|以便|原因|考虑到|因此|有助于|有利于|旨在|以期|从而"),
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
_ANSWERED_BY = {"a start": "the year it began", "a duration": "a number of years"}

# a person's name, strictly
_NAME_ASKED = re.compile(r"叫什么|叫啥|名字|姓名|\bname of\b|\bwhat is (?:his|her|their) name\b")
# someone: a person, or the country or organisation that acted
_WHO_ACTED = re.compile(
    r"\bwho (?:is |are |was |were )?(?:chairs?|chaired|presid(?:es|ed)|heads?|headed|leads?"
    r"|led|runs?|facilitated|organi[sz]\w*|hosting|hosts?|hosted"
    r"|moderated|moderates)\b"
    r"|\b(?:which|what) (?:\w+ ){0,3}"
    r"(?:leads?(?! in\b)|chairs?|heads?|runs?|organi[sz]es?|hosts?)\b"  # not a "lead-in"
    r"|由谁主持|谁主持的|谁领导|谁获得"
    r"|(?:哪个|什么|哪些)(?:机构|组织|国家|部门)(?:担任|当|是)?主席|由(?:谁|哪个.{0,4})担任主席|谁当主席"
)
# who won a prize or an award: a person, named
_WINNER_ASKED = re.compile(
    r"\bwho (?:won|got|received|was awarded|were awarded|wins|gets|receives)\b"
    r"|谁获得|谁得了|谁拿了|获奖者|得主|\bwinners?\b|\brecipients?\b|[发颁授]给(?:了)?谁"
    r"|\bwho (?:was|were|is|got) (?:elected|appointed)\b|谁当选|选出了谁|选了谁"
    r"|选出来?的.{0,24}是谁"
)
_PLACE_ASKED = re.compile(
    r"在哪里|在哪儿|在哪|哪里|哪儿|什么地方|哪个?城市|哪座城市|什么城市"
    # "where" that asks, not "to spot where education may fall short"
    r"|^where\b|\bwhere$|\bwhere (?:is|was|are|were|will|did|does|do|can|could|would|should"
    r"|exactly)\b|\band where\b|\b(?:which|what) (?:city|town|venue)\b"
)
# "where can I find the list of participants": a document or a link, not a place
_WHERE_TO_FIND = re.compile(
    r"\bwhere (?:can|do|could|should) (?:i|we|one|delegates)\b"
    r"|哪里(?:可以)?(?:找到|下载|查到|看到|获取)|在哪(?:里|儿)?(?:可以)?(?:找|下载|查|看)"
)
# "在哪段提的", "那条在哪", "where in resolution I": a place in the report's text, which the
# passage found is
_WHERE_IN_TEXT = re.compile(
    r"在哪(?:1|一)?(?:段|条|项|节|章|部分|个?决议|个?决定|个?部分|里提|儿提|里讲|儿讲|里说|儿说|里写)"
    r"|(?:段|条|项|节|部分|句话?|那里|这里)(?:是|又)?在哪"
    r"|(?:[那这]1?(?:段|条|句|项)|段落).*在哪"
    # where in the session's structure: "挂在哪个议程项目下面"
    r"|(?:挂|放|列|归)在哪"
    r"|在哪(?:里|儿)?(?:[^ ]{0,3})?(?:提到|提及|提出|讲到|说到|写到|规定|出现|提的|讲的|说的|写的)"
    r"|哪(?:里|儿)(?:提到|提及|讲到|说到|写到|有)|\bwhere (?:in|within|exactly in)\b"
    # "这句话在决议二哪儿", "出自决议二哪里", "放在报告哪里": a place in the report's text
    r"|(?:决议|决定|报告|草案|附件|章|节)\s*\d?\s*的?(?:哪里|哪儿)|出自|出现在?哪|放在.{0,6}哪"
    r"|\bwhere (?:does|do|did|is|are|was) (?:it|they|this|that|the \w+(?: \w+)?) "
    r"(?:say|said|mention\w*|talk\w*|discuss\w*|refer\w*|stated?|call\w*|speak\w*|ask\w*)\b"
    r"|\bwhere\b.*\b(?:mentioned|stated|said|discussed|addressed|covered|referred to|recalled"
    r"|noted|welcomed|recogni[sz]ed|reaffirmed|encouraged)\b|\bwhere is (?:that|it|this)$"
    # "where is that in resolution II", "where are those in the text"
    r"|\bwhere (?:is|are) (?:that|it|this|they|those|these)(?: \w+)? (?:in|within|of)\b"
)
# who belongs to something, or what a named list holds, item by item: a passage that names
# the board or the targets without listing them does not say ("宽带委员会的2025年目标具体有
# 哪几项", "who are the members of the Gender Advisory Board")
_ITEMS_ASKED = re.compile(
    r"(?:哪些|哪几个|什么)成员|成员(?:都)?(?:有|是|包括)(?:哪些|谁|什么|啥)|成员名单|由哪些.{0,8}组成"
    r"|\b(?:who|which|what) (?:are|were) (?:the|its|their) members\b|\bmembership\b"
    r"|\bmembers of the (?!commission|bureau)"
    r"|哪几项|具体(?:有|是|都是|都有)?(?:哪些|哪几|啥|什么)|都有哪些"
    r"|\blist (?:them|all|of them)\b|\bwhat exactly are\b|具体.{0,4}指标"
    r"|(?:哪些|哪几个|什么)\s*members\b"
)
_COUNTRIES_ASKED = re.compile(
    # "在哪些开发中国家做的", "第一个试点的国家是谁"
    r"哪(?:些|几个|个)[\u4e00-\u9fff]{0,4}国家|哪些会员国|国家是(?:谁|哪)"
    r"|\b(?:which|what) (?:\w+ ){0,2}countr\w*"
    r"|\b(?:which|what) (?:member )?states\b|\b(?:which|what) delegations?\b|哪(?:个|些)代表团"
)
_OCCUPATION = re.compile(r"(?:是)?干(?:啥|什么)的")
# who holds a post: a person, named ("聯合國秘書長是誰", "who was the President of ECOSOC")
_HOLDER_ASKED = re.compile(
    r"\bwho (?:is|was|are|were) (?:the )?(?:current )?(?:co-?)?(?:president|chair\w*|head"
    r"|director\w*|secretary[- ]general|minister|ambassador|executive secretary)\b"
    r"|(?:主席|秘书长|主任|司长|部长|大使|院长|总干事|负责人|chairs?|president|head)\s*(?:现在)?是谁"
)
# the name of a person (not of an initiative, a publication or a decision)
_PERSON_ASKED = re.compile(
    r"谁|[司部院局署校会处]长|主席|代表|大使|教授|先生|女士|总裁|主任|秘书长"
    r"|\bwho\b|\b(?:person|minister|chair\w*|director|head|president|ambassador|delegate)\b"
    r"|\b(?:professor|secretary|representative|speaker|moderator)\b"
)
_PERSON_NAME = re.compile(
    r"[A-Z][a-z]+(?: [A-Z][a-z.\-]+)+|[\u4e00-\u9fff]{1,4}·[\u4e00-\u9fff]{1,6}"
)


# ("编号" may be a paragraph's number: not counted here)
_SYMBOL_ASKED = re.compile(r"文号|文档号|文件号|文件编号|\bsymbol\b|\bdocument number\b")
_PRINTED_SYMBOL = re.compile(r"[A-Z]{1,8}(?:\.\d+)?/[A-Z0-9]")


def _titles_something(record: Record, original: str) -> bool:
    """Whether the passage gives something's name: an agenda item (its words are its title)
    or a title in quotation marks."""
    return isinstance(record, AgendaItem) or bool(_QUOTED.search(original))


def _prints_a_symbol(kb: KnowledgeBase, record: Record) -> bool:
    """Whether the record, its footnotes or its answer text print a document symbol."""
    texts = [answer_text(kb, record)]
    if isinstance(record, Paragraph):
        texts.append(record.text)
        texts.extend(note.text for note in record.footnotes)
    return any(_PRINTED_SYMBOL.search(text) for text in texts)


def _original(kb: KnowledgeBase, record: Record) -> str:
    return record.text if isinstance(record, Paragraph) else answer_text(kb, record)


_ENUMERATED = re.compile(r"(?:^|\s)\d{1,2}\.\s|\([一二三四五六七八九十]+\)|\([a-z]\)")


def _lists_them(kb: KnowledgeBase, record: Record, folded: str) -> bool:
    """A passage that lists three or more names (people, States, organisations, titles in
    quotation marks) or numbered points, which a count can be read off. A run of common nouns
    ("会员国、民间社会、私营部门") counts nothing: "how many member States" is not answered by
    a list of kinds of stakeholder."""
    measure = _ASKED_UNIT.search(folded)
    if measure is not None and measure.group(1) in "份条段":
        return False  # "收到了多少份意见": submissions, not the bodies a passage names
    original = _original(kb, record)
    # each one once: a bureau seat names its holder several times over
    named = [e.kind for e in {e.zh: e for e, _ in entities_in(kb, normalize(original))}.values()]
    if _TIMES_COUNTED.search(folded) and not _SPOKEN.search(folded):
        return False  # how often something happened: a number of times, not a list of names
    if _UNITS_COUNTED.search(folded):
        return False  # minutes, votes, years: a measure, not a list of names
    if _ATTENDANCE.search(folded) and not _SPOKEN.search(folded):
        return False  # who attended: a list of speakers does not count them
    if _PRIZES_COUNTED.search(folded):
        return len(_QUOTED.findall(original)) >= 3  # prizes are named in quotation marks
    if _PEOPLE_COUNTED.search(folded):  # speakers: people, or States through their delegates
        return len(_PERSON_NAME.findall(original)) + named.count("country") >= 3
    if _STATES_COUNTED.search(folded):
        return named.count("country") >= 3
    if _BODIES_COUNTED.search(folded):
        return named.count("organization") + named.count("body") >= 3
    return (
        len(_PERSON_NAME.findall(original)) >= 3
        or len([kind for kind in named if kind != "body"]) >= 3
        or len(_QUOTED.findall(original)) >= 3
        or len(_ENUMERATED.findall(original)) >= 3
    )


# What the classifier of a Chinese count ("几项", "多少个") accepts of the numbers a passage
# gives: "决议草案一有几个会员国连署" is not answered by "举行了 5 次会议", nor "2025 年目标
# 订了几项指标" by "38 亿人"; 个 counts anything but times, spans and shares
_ASKED_UNIT = re.compile(r"(?:多少|(?<![好第哪])几)\s*(个|次|位|名|项|场|份|条|段|届)")
_MEASURES = "次年天周%倍"
_ACCEPTED_UNITS = {
    "个": None,
    "次": "次场",
    "位": "位名人",
    "名": "位名人",
    "项": "项个条",
    "场": "场次",
    "份": "份",
    "条": "条项段",
    "段": "段条",
    "届": "届",
}
_UNIT_OF_COUNT = re.compile(_COUNTED.pattern.replace("(?:%|", "(%|", 1))


def _counts_other_things(folded: str, text: str) -> bool:
    """Whether every number the passage gives counts another kind of thing than the Chinese
    question's classifier asks for."""
    asked = _ASKED_UNIT.search(folded)
    if asked is None:
        return False
    units = [m.group(1) for m in _UNIT_OF_COUNT.finditer(text) if m.group(1)]
    if not units:
        return False  # a count without its unit ("五年期") is the pattern's business
    accepted = _ACCEPTED_UNITS[asked.group(1)]
    if accepted is None:
        return all(unit in _MEASURES for unit in units)
    return not any(unit in accepted for unit in units)


# a measure counted ("how many minutes was each panellist given", "how many votes")
_UNITS_COUNTED = re.compile(
    r"\bhow many (?:minutes|hours|days|weeks|months|years|votes|words|pages)\b"
    r"|(?:多少|几)(?:分钟|个?小时|天|周|个月|年|票|页)"
)
# What "how many …" counts, when it says
_PEOPLE_COUNTED = re.compile(
    r"\b(?:people|persons|participants|speakers|panell?ists|delegates|attendees)\b"
    r"|多少人|几个人|几位|几名|与会者|发言者|发言人|参会"
)
_ATTENDANCE = re.compile(
    r"\bparticipants?\b|\battend\w*|\bturnout\b|\blogged (?:on|in)\b|\bjoined\b"
    r"|与会者|与会|参会|参加|出席|在线参加|上线"
)
_PRIZES_COUNTED = re.compile(r"[颁获得]了?[几多少]+个?奖|\b(?:prizes?|awards?)\b")
_TIMES_COUNTED = re.compile(r"几次|多少次|\bhow many times\b|\bhow often\b")
# how often someone spoke is counted on the list of their statements
_SPOKEN = re.compile(r"发言|讲话|致辞|\bspeak|\bspoke\b|\bfloor\b|\bstatements?\b")
_STATES_COUNTED = re.compile(
    r"\b(?:countries|states|nations|governments)\b|几个国家|多少(?:个)?国家|会员国"
)
_BODIES_COUNTED = re.compile(
    r"\b(?:organi[sz]ations|entities|agencies|bodies)\b|几个组织|多少(?:个)?(?:组织|机构|实体)"
)

_QUOTED = re.compile(r"“[^”]{2,}”|《[^》]{2,}》")


def _countries(kb: KnowledgeBase, text: str) -> bool:
    return any(entity.kind == "country" for entity, _ in entities_in(kb, text))


def _names_someone(kb: KnowledgeBase, record: Record, text: str, folded: str) -> bool:
    """A person's name, or the country or organisation that stands for someone, other than
    those the question names ("who chairs the Broadband Commission" is not answered by a
    paragraph naming the Broadband Commission)."""
    if _PERSON_NAME.search(_original(kb, record)):
        return True
    asked_about = {e.zh for e, _ in entities_in(kb, folded)}
    return any(
        e.kind in ("person", "country", "organization") and e.zh not in asked_about
        for e, _ in entities_in(kb, text)
    )


def _names_a_person(kb: KnowledgeBase, record: Record, folded: str) -> bool:
    """A person's name other than those the question names ("Kwame Nkrumah" names a prize)."""
    asked_about = {e.zh for e, _ in entities_in(kb, folded)}
    named = [e for e, _ in entities_in(kb, normalize(_original(kb, record))) if e.kind == "person"]
    return any(e.zh not in asked_about for e in named)


def _names_a_place(kb: KnowledgeBase, record: Record) -> bool:
    """A country or a place the dictionary knows by name, outside the titles the passage
    quotes (the 《突尼斯议程》 is a text, not a place)."""
    text = normalize(_QUOTED.sub(" ", _original(kb, record)))
    if _countries(kb, text):
        return True
    return any(is_proper_name(word) for word in segmented(text))


# What someone said: the report records who spoke, never what they said ("儿童和青年主要群体
# 的代表发言时都说了些啥", "did Japan's delegate mention a satellite programme")
_SAID_ASKED = re.compile(
    r"(?:说|讲|谈|提|介绍)了?(?:些)?(?:什么|啥|哪些)|发言(?:的)?(?:内容|要点|重点)|说的是(?:什么|啥)"
    r"|(?:有没有|是否)(?:提到|提及|谈到|讲到|说到)"
    # "said what abt satellite data", "what did X ask the Commission to do"
    r"|\bsaid what\b|\bsay what\b|\bwhat did\b.{1,60}\bask\w*(?: \w+){0,3} to\b"
    r"|\bwhat did\b.{1,60}\b(?:say|talk about|speak about|mention|argue|propose|call for"
    r"|stress|emphasi[sz]e|highlight|focus on|ask(?: \w+){0,3} for|request|tell|told)\b"
    r"|说.{0,12}(?:怎么|如何)"
    r"|\bwhat (?:was|were)\b.{0,40}\b(?:said|the (?:main )?points?|(?:main|key) points?"
    r"|the message)\b"
    r"|\bdid\b.{1,60}\b(?:mention|talk about|speak about|bring up|raise|stress|say)\b"
    r"|(?:啥|什么|哪些)(?:看法|观点|立场|态度|意见)"
    r"|\b(?:views?|position|stance|opinion) (?:of|on)\b"
    r"|\bwhat (?:\w+ ){0,3}did\b.{1,60}\b(?:report|share|describe|present|outline)\b"
    # "介绍了 Pakistan 哪些 policy", "谈了中国哪些卫星计划", "说了现在有多少碎片"
    r"|(?:说|讲|谈|介绍|分享)了.{1,24}?(?:哪些|多少(?!次|份|个|项))"
    r"|(?:说|讲|谈|介绍|分享)的.{1,24}?(?:哪些|哪几[个项]|什么)"
    r"|(?:有没有|是否)(?:讲|说|谈)(?!话)"
    r"|\bwhat (?:point|points|argument|message)s? did\b"
    r"|\b(?:which|what) (?:\w+ )?(?:delegations?|countr(?:y|ies)|speakers?|ministers?)"
    r" (?:brought up|raised|mentioned|talked about|spoke about|referred to)\b"
)
# a passage that records someone speaking and nothing of what they said
_SPOKE = re.compile(r"作了?发言|发了言|发表了?演讲|致辞|听取了.{0,12}发言|介绍了|发言")
_SAID_THIS = re.compile(r"宣布|指出|表示|强调|认为|呼吁|称|说明|建议|提议")


def lacks_what_was_said(kb: KnowledgeBase, query: str, record: Record) -> bool:
    """Whether the question asks what someone said and the passage only records that they
    spoke (a meeting's list of speakers, "儿童和青年主要群体代表也作了发言")."""
    if not _SAID_ASKED.search(folded_question(query)):
        return False
    if isinstance(record, Meeting):
        return True
    original = _original(kb, record)
    return bool(_SPOKE.search(original)) and not _SAID_THIS.search(original)


# a year named relative to the session ("明年的闭会期间小组会议什么时候开": 2021)
_RELATIVE_YEARS = (
    (re.compile(r"明年|下一年|\bnext year\b"), 1),
    (re.compile(r"去年|上一年|\blast year\b"), -1),
    (re.compile(r"今年|\bthis year\b"), 0),
)
_ASKS_DATE = next(asks for kind, asks, _ in _ASKS if kind == "a date")


def _relative_year(kb: KnowledgeBase, folded: str) -> int | None:
    held = [s.start.year for s in kb.sessions if s.status == "held" and s.start is not None]
    if not held:
        return None
    for pattern, offset in _RELATIVE_YEARS:
        if pattern.search(folded):
            return max(held) + offset
    return None


# Groups a figure is given for: "women in the least developed countries" is not "women in
# small island developing States" (each: how a question names it, how a passage prints it)
_GROUPS = (
    (r"小岛屿|\bsmall island\w*|\bsids\b", r"小岛屿"),
    (r"内陆|\blandlocked\b|\blldcs?\b", r"内陆"),
    (
        r"(?<![不中])发达国家|\b(?<!least )developed (?:countries|economies|nations)\b",
        r"(?<![不中])发达国家",
    ),
    (r"非洲|\bafrica\w*", r"非洲"),
    (r"亚太|亚洲|\basia\w*", r"亚太|亚洲"),
    (r"拉丁美洲|拉美|\blatin america\w*", r"拉丁美洲"),
    (r"农村|\brural\b", r"农村"),
)
_FIGURE_ASKED = re.compile(
    r"多少|几个|比例|百分之|百分比|\bhow (?:many|much)\b|\bpercent\w*|\bshare of\b|\bproportion\b"
    r"|\bwhat (?:is|was) the (?:gap|figure|rate)\b|差距(?:是|有)?多大"
)


def _figure_for_another_group(folded: str, text: str) -> str:
    """A group the question asks a figure for that the passage does not name."""
    if not _FIGURE_ASKED.search(folded):
        return ""
    for asked, printed in _GROUPS:
        named = re.search(asked, folded)
        if named and not re.search(printed, text):
            return named.group(0)
    return ""


# What no structured answer gives: the bureau, the meetings (their times), counts, parts and
# dates come from records, never a vote count, a sum, a reason or a ranking ("how many votes
# did the Chair get" is not answered by the list of the bureau)
_BEYOND_RECORDS = frozenset(
    {
        "an amount of money", "a population", "practical arrangements",
        "a person's background", "a term of office", "a share", "a percentage", "a ranking",
        "who proposed it", "an author", "a number of votes", "a vote or an objection",
        "an address", "a reason", "a company or a product",
    }
)  # fmt: skip


def lacks_beyond_records(index: SearchIndex, query: str, records: Sequence[Record]) -> str:
    """The kind of fact a question about structure asks for that no structured answer gives
    and none of the records it rests on states; "" when there is none."""
    folded = folded_question(query)
    texts = [index.text(p) for r in records if (p := index.position.get(r.id)) is not None]
    for kind, asks, states in _ASKS:
        asked = kind in _BEYOND_RECORDS and asks.search(folded)
        if asked and not any(states.search(text) for text in texts):
            return kind
    return ""


def lacks_what_is_asked(kb: KnowledgeBase, index: SearchIndex, query: str, record: Record) -> str:
    """The kind of fact the question asks for (a number, a date, a name …) when the passage
    does not state one; "" when it does or the question asks for none in particular."""
    folded = folded_question(query)
    if asks_what_a_document_says(folded):
        return "what the document itself says"
    if asks_what_happened_later(folded):
        return "what happened after the session"
    position = index.position.get(record.id)
    text = index.text(position) if position is not None else ""
    if _SYMBOL_ASKED.search(folded):
        # "文号是多少" asks for a symbol, not a count: a passage that prints one answers
        return "" if _prints_a_symbol(kb, record) else "a document symbol"
    group = _figure_for_another_group(folded, text)
    if group:
        return f"a figure for {group}"
    year = _relative_year(kb, folded)
    if year is not None and _ASKS_DATE.search(folded) and str(year) not in text:
        return f"a date in {year}"
    original = _original(kb, record)
    stated: set[str] = set()  # the kinds asked that the passage states
    for kind, asks, states in _ASKS:
        if kind == "a theme" and isinstance(record, AgendaItem | Meeting):
            continue  # an agenda item's words are its title, a meeting's its segments
        if kind == "an explanation" and isinstance(record, Document):
            continue  # "E/CN.16/2020/1 是啥东西": a document is what its title says
        if _ANSWERED_BY.get(kind) in stated:
            continue  # "从哪一年开始": the year it began answers when it started
        if asks.search(folded) and not states.search(text):
            if kind == "a number" and _lists_them(kb, record, folded):
                continue  # "how many panellists": the names, to be counted
            return kind
        if (
            kind == "a number"
            and asks.search(folded)
            and _counts_other_things(folded, text)
            and not _lists_them(kb, record, folded)
        ):
            return kind
        if asks.search(folded):
            stated.add(kind)
    if (
        _NAME_ASKED.search(folded)
        and not _PERSON_NAME.search(original)
        and (_PERSON_ASKED.search(folded) or not _titles_something(record, original))
    ):
        return "a name"
    # "彼得毛约尔在匈牙利是干啥的" asks what a person does, "摸底系统是干啥的" what a thing is for
    if (
        _OCCUPATION.search(folded)
        and any(e.kind == "person" for e, _ in entities_in(kb, folded))
        and not _BACKGROUND_STATED.search(text)
    ):
        return "a person's background"
    if _HOLDER_ASKED.search(folded) and not _PERSON_NAME.search(original):
        return "a name"
    if _WINNER_ASKED.search(folded) and not _names_a_person(kb, record, folded):
        return "a name"
    if _WHO_ACTED.search(folded) and not _names_someone(kb, record, text, folded):
        return "a name"
    if _ITEMS_ASKED.search(folded) and not _lists_them(kb, record, folded):
        return "the members or items"
    if _COUNTRIES_ASKED.search(folded) and not _countries(kb, text):
        return "the countries"
    if (
        _PLACE_ASKED.search(folded)
        and not _WHERE_TO_FIND.search(folded)
        and not _WHERE_IN_TEXT.search(folded)
        and not _names_a_place(kb, record)
    ):
        return "a place"
    return ""
