"""Who and where: caseworkers, fictional companies, people's names, cities and the bodies
a case's contacts reach. Every company is invented (示例, 虚构, 某某 …)."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.demo.days import DayClock
from workbench.demo.draws import Rand
from workbench.domain.ladder import Role, Stage

CASEWORKERS: tuple[tuple[str, str, Role], ...] = (
    ("wang.li", "王丽", Role.CASEWORKER),
    ("chen.jing", "陈静", Role.CASEWORKER),
    ("zhang.wei", "张伟", Role.CASEWORKER),
    ("liu.yang", "刘洋", Role.CASEWORKER),
    ("li.na", "李娜", Role.CASEWORKER),
    ("zhao.min", "赵敏", Role.SUPERVISOR),
    ("sun.hao", "孙浩", Role.SUPERVISOR),
    ("zhou.qiang", "周强", Role.ADMIN),
)

FICTIONAL = ("示例", "虚构", "演示", "样例", "模拟", "某某")

BANKS: tuple[tuple[str, str], ...] = (
    ("示例银行股份有限公司", "示例银行"),
    ("虚构商业银行股份有限公司", "虚构银行"),
    ("演示农村商业银行股份有限公司", "演示农商行"),
    ("样例城市商业银行股份有限公司", "样例城商行"),
    ("模拟发展银行股份有限公司", "模拟发展银行"),
    ("某某银行股份有限公司", "某某银行"),
)
PI_WORDS = ("汇达", "嘉付", "瑞通", "融信", "恒付", "星联", "云收", "众汇", "安捷", "鼎付",
            "宏汇", "诚付", "博汇", "立付")
PI_FORMS = ("{}{}支付有限公司", "{}{}支付科技有限公司", "{}{}网络支付有限公司",
            "{}{}电子支付有限公司")
N_PAYMENT_INSTITUTIONS = 20
AGENT_WORDS = ("鑫达", "顺通", "佳汇", "永盛", "华信", "联拓", "金穗", "恒远", "启明", "优收",
               "旺铺", "同创", "卓越", "广源", "新程", "富邦", "锦程", "天瑞", "汇众", "宏图")
AGENT_TRADES = ("信息科技", "信息科技服务", "网络科技", "商务服务", "电子科技",
                "企业管理咨询", "科技发展")
BRANCHES = ("第一分公司", "第二分公司", "第三分公司", "{d}分公司", "{d}营业部")
N_AGENTS = 60
LONG_AGENT = ("深圳市某某信息科技服务有限公司第三分公司", "某某信息")

# (city, province prefix, telephone area code, districts with division codes)
CITIES: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("北京市", "", "010", (("朝阳区", "110105"), ("海淀区", "110108"), ("丰台区", "110106"))),
    ("上海市", "", "021", (("浦东新区", "310115"), ("闵行区", "310112"), ("徐汇区", "310104"))),
    ("广州市", "广东省", "020", (("天河区", "440106"), ("白云区", "440111"),
                              ("番禺区", "440113"))),
    ("深圳市", "广东省", "0755", (("南山区", "440305"), ("福田区", "440304"),
                               ("宝安区", "440306"), ("龙岗区", "440307"))),
    ("杭州市", "浙江省", "0571", (("西湖区", "330106"), ("余杭区", "330110"),
                               ("萧山区", "330109"))),
    ("成都市", "四川省", "028", (("武侯区", "510107"), ("锦江区", "510104"),
                              ("成华区", "510108"))),
    ("武汉市", "湖北省", "027", (("武昌区", "420106"), ("洪山区", "420111"),
                              ("江汉区", "420103"))),
    ("长沙市", "湖南省", "0731", (("岳麓区", "430104"), ("雨花区", "430111"),
                               ("开福区", "430105"))),
    ("郑州市", "河南省", "0371", (("金水区", "410105"), ("二七区", "410103"),
                               ("中原区", "410102"))),
    ("西安市", "陕西省", "029", (("雁塔区", "610113"), ("未央区", "610112"),
                              ("碑林区", "610103"))),
    ("南京市", "江苏省", "025", (("玄武区", "320102"), ("鼓楼区", "320106"),
                              ("江宁区", "320115"))),
    ("合肥市", "安徽省", "0551", (("蜀山区", "340104"), ("包河区", "340111"),
                               ("庐阳区", "340103"))),
    ("重庆市", "", "023", (("渝中区", "500103"), ("江北区", "500105"), ("沙坪坝区", "500106"))),
    ("济南市", "山东省", "0531", (("历下区", "370102"), ("槐荫区", "370104"),
                               ("天桥区", "370105"))),
    ("福州市", "福建省", "0591", (("鼓楼区", "350102"), ("台江区", "350103"),
                               ("仓山区", "350104"))),
    ("南宁市", "广西壮族自治区", "0771", (("青秀区", "450103"), ("兴宁区", "450102"),
                                     ("西乡塘区", "450107"))),
)
ROADS = ("人民路", "建设路", "解放路", "中山路", "新华路", "文化路", "胜利街", "和平路",
         "青年路", "滨河路", "长江路", "光明街", "幸福路", "工业大道", "科技园路", "府前街")
ESTATES = ("阳光花园", "金色家园", "幸福里", "锦绣苑", "东方小区", "翠湖湾", "春江花园", "丽景苑")
SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马",
            "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩",
            "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余")
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
         "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "晓东",
         "文静", "俊杰", "雪梅", "国庆", "春燕", "红梅", "玉兰", "浩然", "子轩", "雨涵",
         "建国", "丽娟", "德明", "金凤", "小龙", "佳怡", "振华", "美玲", "宏伟", "秋菊")
SHOP_WORDS = ("某某", "惠民", "家家乐", "好运来", "四季", "邻里", "鑫源", "百味", "福满", "阿{s}",
              "{s}记", "老{s}家")
SHOP_TYPES = (("便利店", "5411"), ("超市", "5411"), ("水果店", "5499"), ("面馆", "5812"),
              ("烧烤店", "5812"), ("早餐店", "5814"), ("理发店", "7230"), ("五金店", "5251"),
              ("服装店", "5651"), ("奶茶店", "5814"), ("烟酒店", "5993"), ("母婴店", "5641"),
              ("汽修店", "7538"), ("花店", "5992"), ("建材店", "5211"), ("农资店", "5261"))
MOBILE_PREFIXES = ("134", "135", "136", "137", "138", "139", "147", "150", "151", "152",
                   "157", "158", "159", "178", "182", "183", "187", "188", "130", "131",
                   "132", "155", "156", "166", "175", "176", "185", "186", "133", "153",
                   "173", "177", "180", "181", "189", "191", "199")
CARD_PREFIXES = ("621799", "622588", "623058", "621226", "622848", "625912")
POS_MODELS = (("QP-90智能POS", "QP9"), ("SK-200电签机", "SK2"), ("MP-70手持POS", "MP7"),
              ("虚构E3电签版", "E3X"), ("ZN-5大POS", "ZN5"), ("示例Mini蓝牙刷卡器", "MBT"))
USCC_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass
class ProviderInfo:
    id: int
    name: str
    short: str
    kind: str
    hotline: str
    superior: int | None
    court: str = ""  # the basic court of its domicile


@dataclass
class PersonInfo:
    id: int
    name: str
    kind: str
    merchant_name: str
    merchant_no: str
    city: int


def ticket(r: Rand, clock: DayClock, moment: int, prefix: str = "GD") -> str:
    return f"{prefix}{clock.ymd[moment // 86400]}{r.num(0, 9999):04d}"


def counterpart(r: Rand, clock: DayClock, stage: Stage, provider: ProviderInfo,
                superior: ProviderInfo | None, person: PersonInfo, moment: int,
                channel: str) -> tuple[str, str]:
    """Whom a contact at `stage` reached, and their ticket number (工单号) if any."""
    city = CITIES[person.city][0]
    if stage is Stage.PROVIDER:
        who = (f"{provider.short}客服热线 {provider.hotline}" if channel == "phone"
               else f"{provider.short}在线客服" if channel == "online" else provider.name)
        return who, ticket(r, clock, moment) if channel in ("phone", "online") else ""
    if stage is Stage.SUPERIOR:
        target = superior or provider
        who = (f"{target.short}客服热线 {target.hotline}" if channel == "phone"
               else f"{target.name}消费者权益保护部")
        return who, ticket(r, clock, moment, "KF") if channel != "letter" else ""
    if stage is Stage.MEDIATION:
        # the respondent, whose answer the contact records (one draw, as when a regulator
        # could be drawn): by name, or its hotline for a call; never a regulator
        who = r.pick((provider.name, provider.name,
                      f"{provider.short}客服热线 {provider.hotline}" if channel == "phone"
                      else provider.name))
        return who, ""
    if stage is Stage.NATIONAL:
        number = f"{clock.ymd[moment // 86400]}{r.num(0, 99999999):08d}"
        return "国家市场监督管理总局(全国12315平台)", number
    if stage is Stage.INDUSTRY:
        who = r.pick((f"中国人民银行{city}分行(12363)", f"国家金融监督管理总局{city}监管局(12378)",
                      "中国支付清算协会", "中国银联客户服务中心(95516)"))
        return who, ticket(r, clock, moment, "JB") if r.chance(0.6) else ""
    if stage is Stage.MEDIA:
        return r.pick(MEDIA), ""
    return r.pick((f"{city}某某律师事务所", f"{city}某区人民法院立案庭", f"{city}仲裁委员会")), ""


MEDIA = ("某某都市报新闻热线", "虚构电视台《民生帮办》栏目", "示例新闻客户端爆料平台")

