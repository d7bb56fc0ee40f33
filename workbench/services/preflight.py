"""Pre-flight (issue 11 item 10): before a filing is written, what stops it (blockers)
and what the caseworker should know (warnings) — then, on the rendered document, the
voice check (``filings.voice``). Blockers refuse the export with the whole list."""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass

from workbench.domain.categories import CATEGORY_LABELS, Category, foreign_categories
from workbench.domain.law import Entry
from workbench.domain.narrative_checks import refunds_of_demanded, stale_durations
from workbench.domain.organisations import head_company
from workbench.domain.personal_text import Handling
from workbench.domain.scope_words import scope_warning
from workbench.domain.vocabulary import AddresseeKind, DisputeScope
from workbench.filings import documents as docs
from workbench.filings.contacts import contradictions, earlier_letters, out_of_order, shown
from workbench.filings.endings import endings
from workbench.filings.text import AMOUNT, article_body, clause, figure_date, yuan
from workbench.filings.voice import check, load_voice
from workbench.i18n import N_, _

if typing.TYPE_CHECKING:
    from docx.document import Document

# Addressees a filing needs named; the others go to the file, the parties or the media.
NAMED = frozenset({AddresseeKind.PROVIDER, AddresseeKind.SUPERIOR, AddresseeKind.MARKET_BUREAU,
                   AddresseeKind.REGULATOR, AddresseeKind.INDUSTRY, AddresseeKind.COURT,
                   AddresseeKind.ASSOCIATION})
# a missing addressee: the problem, and a remedy code its caller words (`REMEDIES`: the
# command line's; the TUI passes its own, naming its keys)
MISSING_ADDRESSEE: dict[AddresseeKind, tuple[str, str]] = {
    AddresseeKind.SUPERIOR: (N_("服务商没有登记上级机构（收单机构）"), "registry"),
    AddresseeKind.MARKET_BUREAU: (N_("不知道被投诉人所在地的市场监督管理局"), "registry"),
    AddresseeKind.INDUSTRY: (N_("不知道应向哪个行业监管机构反映"), "industry"),
    AddresseeKind.COURT: (N_("没有指明受诉人民法院"), "court"),
}
NO_ADDRESSEE = (N_("没有收件单位"), "addressee")
REMEDIES: dict[str, str] = {
    "registry": N_("请在服务商资料中登记，或用 --addressee 指明"),
    "industry": N_("请先选择行业机构，或用 --addressee 指明"),
    "court": N_("请用 --court 指明，或在诉讼信息中登记"),
    "addressee": N_("请用 --addressee 指明"),
}
# Papers a party signs: a masked number cannot be signed (a court refuses it).
FULL_ID_KINDS = frozenset({docs.FilingKind.CIVIL_COMPLAINT, docs.FilingKind.MEDIATION_AGREEMENT})
COURT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("ethnicity", N_("原告的民族"), "--ethnicity"), ("address", N_("原告的住所"), "--address"))


COURT_KINDS = frozenset({docs.FilingKind.CIVIL_COMPLAINT, docs.FilingKind.SUPPORT_OPINION})
# what a head company joined as 被告二 must have on the registry: (field, label, option)
HEAD_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("uscc", N_("统一社会信用代码"), "--uscc"), ("address", N_("住所地"), "--address"),
    ("legal_representative", N_("法定代表人"), "--legal-representative"))


@dataclass(frozen=True, slots=True)
class Preflight:
    blockers: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.blockers


def _masked(value: str) -> bool:
    return "*" in value or "＊" in value


def before(kind: docs.FilingKind, data: docs.FilingData, *, bases: typing.Sequence[Entry],
           placeholders: typing.Sequence[str] = (),
           remedies: typing.Mapping[str, str] | None = None) -> Preflight:
    """What is wrong with a filing's data before it is laid out; `remedies` words what to
    do for the caller (by remedy code; the command line's `REMEDIES` by default)."""
    blockers: list[str] = []
    warnings: list[str] = []
    wanted = load_voice().of(kind).addressee
    if wanted in NAMED and not (data.addressee and data.addressee.name.strip()):
        problem, remedy = MISSING_ADDRESSEE.get(wanted, NO_ADDRESSEE)
        blockers.append(_("{problem}：{remedy}").format(
            problem=_(problem), remedy=_((remedies or REMEDIES)[remedy])))
    if kind.info.voice is docs.Voice.ASSOCIATION:
        blockers.extend(placeholders)
    c = data.complainant
    if kind in FULL_ID_KINDS and (not c.id_number.strip() or _masked(c.id_number)):
        blockers.append(_("{label}须载明完整的公民身份号码：导出时选择含完整个人信息"
                        "（--include-personal，会记入审计日志），并确认已登记身份证号").format(
                            label=kind.label))
    if kind is docs.FilingKind.CIVIL_COMPLAINT:
        for field, label, option in COURT_FIELDS:
            if not str(getattr(c, field)).strip():
                blockers.append(
                    _("民事起诉状缺少{label}：workbench litigation REF {option} …").format(
                        label=_(label), option=option))
        if not data.provider.legal_representative.strip():
            blockers.append(_("民事起诉状缺少被告的法定代表人：workbench provider set … "
                            "--legal-representative …"))
        if _masked(c.phone):
            blockers.append(_("民事起诉状须载明原告的联系电话：导出时选择含完整个人信息"))
        for value, label, option in ((data.contract_facts, _("合同签订情况"), "--contract"),
                                     (data.performance_facts, _("合同履行情况"), "--performance")):
            if not value.strip():
                blockers.append(
                    _("民事起诉状缺少{label}：workbench litigation REF {option} …").format(
                        label=label, option=option))
    if kind in COURT_KINDS:
        blockers.extend(_head_office(data))
    if kind is docs.FilingKind.SAMR_REPORT and data.addressee and not data.bases:
        blockers.append(_("{name}不执行本案所涉的任何规定，举报无从引用：请改选收件"
                        "单位（--check 列出可选，--addressee 指明），或在行业监管阶段反映").format(
                            name=data.addressee.name))
    if kind is docs.FilingKind.MATERIAL_NOTICE and not (data.material_items
                                                         and data.material_due_on):
        blockers.append(_("补正通知书缺少需补正的材料或补正期限：workbench request-material REF …"))
    if kind in (docs.FilingKind.REFUSAL_NOTICE, docs.FilingKind.TERMINATION_NOTICE) \
            and not data.ground_label.strip():
        blockers.append(_("{label}缺少理由：该决定没有登记理由（workbench refuse / "
                        "mediation end … --ground）").format(label=kind.label))
    if kind is docs.FilingKind.ACCEPTANCE_NOTICE and not data.citations:
        blockers.append(_("受理通知书没有受理依据：经营活动中的争议须依据本会章程或受理办法受理，"
                        "请由管理员在法规库文件（law_register_file）中登记该条款"))
    if kind is docs.FilingKind.MEDIATION_AGREEMENT:
        if not data.agreement_terms.strip():
            blockers.append(_("调解协议书缺少协议内容：workbench mediation agree REF --terms …"))
        if not data.provider.legal_representative.strip():
            blockers.append(_("调解协议书缺少被投诉人的法定代表人：workbench provider set … "
                            "--legal-representative …"))
        if data.perform_by is None:
            blockers.append(
                _("调解协议书缺少履行期限：workbench mediation agree REF --perform-by …"))
    warnings += [unverified(entry) for entry in bases if not entry.verified]
    if kind is docs.FilingKind.SUPPORT_OPINION and not data.mediation_failed:
        warnings.append(_("本案没有终止调解的记录：支持起诉意见书将写“纠纷未能解决”"))
    warnings.extend(record_warnings(kind, data))
    blockers.extend(no_evidence(kind, data))
    return Preflight(tuple(dict.fromkeys(blockers)), tuple(dict.fromkeys(warnings)))


def record_warnings(kind: docs.FilingKind, data: docs.FilingData) -> list[str]:
    """What the case's own record says against itself in this paper (warnings: the
    caseworker corrects the record): a contact whose note names another channel (a 信函
    that says 致电), contacts out of order (a 催问 before the 转达投诉), a letter the log
    says was sent already, a 生活消费 case that reads as a shop's business, evidence of
    another category."""
    warnings = [*contradictions(kind, data), *out_of_order(kind, data),
                *earlier_letters(kind, data)]
    scope = scope_warning(DisputeScope.BUSINESS if data.business_scope else DisputeScope.CONSUMER,
                          _facts(kind, data), data.case_ref)
    if scope:
        warnings.append(scope)
    return [*warnings, *evidence_off_case(kind, data), *outcome_note(kind, data),
            *mediation_counterparts(kind, data), *narrative_against_itself(data)]


def narrative_against_itself(data: docs.FilingData) -> list[str]:
    """A request to give back a sum the facts say was only demanded; a duration the
    complainant counted from the day of the complaint (domain/narrative_words.toml)."""
    out = [_("投诉请求“{request}”要求退还{amount}，但事实与理由只写对方要求支付这笔钱、"
             "没有写已被扣收或已支付：请核对请求（如“免除”）或事实").format(
                 request=clause(request), amount=amount)
           for request, amount in refunds_of_demanded(data.narrative,
                                                     [d.text for d in data.demands])]
    received = data.received_on
    out += [_("事实与理由写有“{phrase}”，这是从投诉之日（{received}）算起的时长，"
              "本文书日期为{issued}：请改写为具体的起止日期").format(
                  phrase=phrase, received=figure_date(received),
                  issued=figure_date(data.issued_on))
            for phrase in stale_durations(data.narrative, received, data.issued_on)
            if received is not None]
    return out


def _facts(kind: docs.FilingKind, data: docs.FilingData) -> str:
    """What the paper says of the facts: the narrative, the court papers' contract and
    performance, the evidence it prints (title and 证明对象)."""
    printed = [] if kind in docs.NOTICE_DECISION or kind is docs.FilingKind.PRESS_BRIEF \
        else [f"{item.title} {item.proves}" for item in data.evidence]
    return "\n".join([data.narrative, data.contract_facts, data.performance_facts, *printed])


def _head_office(data: docs.FilingData) -> list[str]:
    """A 分公司 defendant is sued with its head company (被告二): it must be registered."""
    branch = data.provider.name.strip()
    head = head_company(branch)
    if not head:
        return []
    registered = data.head_office
    if registered is None:
        return [_("被告{branch}是分公司，须列其总公司{head}为共同被告，但服务商资料中没有"
                "{head}：workbench provider set {head} --new --uscc … --address … "
                "--legal-representative …").format(branch=branch, head=head)]
    return [_("共同被告{head}（总公司）缺少{label}：workbench provider set {head} {option} …"
              ).format(head=head, label=_(label), option=option)
            for field, label, option in HEAD_FIELDS if not str(getattr(registered, field)).strip()]


EVIDENCE_PAPERS = frozenset({docs.FilingKind.EVIDENCE_LIST, docs.FilingKind.EVIDENCE_BINDER})


def no_evidence(kind: docs.FilingKind, data: docs.FilingData) -> list[str]:
    """An evidence list or binder of a case without evidence is never produced."""
    if kind in EVIDENCE_PAPERS and not data.evidence:
        return [_("本案尚无证据，不能出具{label}").format(label=kind.label)]
    return []


def evidence_off_case(kind: docs.FilingKind, data: docs.FilingData) -> list[str]:
    """Warnings (never blockers) for evidence whose 证明对象 names only other categories
    than the case's (the words: domain/category_words.toml): it may belong to another
    case. Papers that print no evidence (the notices, the press brief) are not warned."""
    if kind in docs.NOTICE_DECISION or kind is docs.FilingKind.PRESS_BRIEF:
        return []
    by_label = {label: category for category, label in CATEGORY_LABELS.items()}
    own = [by_label[label] for label in data.categories if label in by_label]
    found = []
    for n, item in enumerate(data.evidence, 1):
        other = foreign_categories(item.proves, own)
        if other:
            named = "、".join(CATEGORY_LABELS[c] for c in Category if c in other)
            found.append(_("证据{n}（{title}）的证明对象与本案投诉类别不符（涉及“{named}”）："
                         "请核对该证据是否属于本案").format(n=n, title=item.title, named=named))
    return found


# the papers that print an agreement's outcome note, or are the agreement
AGREEMENT_PAPERS = frozenset({docs.FilingKind.MEDIATION_AGREEMENT, docs.FilingKind.CLOSING_REPORT})


def outcome_note(kind: docs.FilingKind, data: docs.FilingData) -> list[str]:
    """Warnings where the outcome note of a case closed by an agreement says more than
    the agreement and the record bear out (endings.toml [note_check]): a performance
    with none recorded after the signing, all or part of the money against the sums, an
    amount the agreement does not state, a thing it does not mention."""
    note = clause(data.closing_reason)
    if kind not in AGREEMENT_PAPERS or not data.agreement_terms.strip() or not note:
        return []
    words, terms = endings()["note_check"], data.agreement_terms
    said = _("结案说明“{note}”").format(note=note)
    out = []
    performed = [w for w in words["performed"] if w in note]
    if performed and not any(w in data.revisit for w in words["performed"]):
        out.append(_("{said}写有“{word}”，但调解协议签订后没有履行的记录："
                   "结案时只写已签署调解协议，履行后记录回访").format(
                       said=said, word=performed[0]))
    claimed, recovered = sum(d.amount_fen or 0 for d in data.demands), data.recovered_fen or 0
    if any(w in note for w in words["in_full"]) and recovered < claimed:
        out.append(_("{said}称全额解决，但调解协议约定的金额（{recovered}元）少于请求金额"
                   "（{claimed}元）").format(
                       said=said, recovered=yuan(recovered), claimed=yuan(claimed)))
    if any(w in note for w in words["in_part"]) and claimed and recovered >= claimed:
        out.append(_("{said}称部分解决，但调解协议约定的金额（{recovered}元）不少于请求金额").format(
                       said=said, recovered=yuan(recovered)))
    wrong = [m.group(0) for m in AMOUNT.finditer(note) if _fen(m.group(0)) != recovered]
    if wrong:
        out.append(_("{said}写有“{amount}”，与调解协议约定的金额（{recovered}元）不符").format(
                       said=said, amount=wrong[0], recovered=yuan(recovered)))
    out += [_("{said}提到“{w}”，调解协议中没有相应内容：请核对结案说明或协议内容").format(
                said=said, w=w)
            for w in words["things"] if w in note and w not in terms]
    return out


def _fen(amount: str) -> int:
    """An amount as written (人民币1,234.5元, 1.2万元) in fen."""
    figure = re.sub(r"[^\d.]", "", amount) or "0"
    return round(float(figure) * (1_000_000 if "万" in amount else 100))


def mediation_counterparts(kind: docs.FilingKind, data: docs.FilingData) -> list[str]:
    """A warning for each printed mediation contact with a regulator: a regulator is no
    party to the association's mediation (endings.toml [note_check] regulators)."""
    regulators = endings()["note_check"]["regulators"]
    return [_("{on}的调解阶段联系记录，对象为“{counterpart}”：监管部门"
            "不是调解的当事人，请核对联系对象或所处阶段").format(
                on=figure_date(c.on), counterpart=clause(c.counterpart))
            for c in shown(kind, data) if c.stage == "mediation"
            and any(w in c.counterpart for w in regulators)]


def document_text(document: Document) -> list[str]:
    """Every paragraph of a document: body, tables, headers and footers."""
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            out.extend(cell.text for cell in row.cells)
    for section in document.sections:
        for part in (section.header, section.footer):
            out.extend(p.text for p in part.paragraphs)
    return out


def after(kind: docs.FilingKind, document: Document, cited: typing.Sequence[Entry],
          data: docs.FilingData) -> Preflight:
    """What is wrong with the rendered filing: words outside its voice, raw codes,
    citations not in force on its date."""
    addressee = data.addressee.kind if data.addressee else load_voice().of(kind).addressee
    name = data.addressee.name if data.addressee else ""
    if str(addressee) != AddresseeKind.ASSOCIATION and name.endswith("协会"):
        addressee = AddresseeKind.ASSOCIATION  # 贵会 is right for any association
    texts = [text for _, text in data.citations] + [b[2] for b in data.bases] + [
        entry.text for entry in cited]
    quoted = [part for text in texts
              for line in (text, *text.splitlines())
              for part in (line, article_body(line), article_body(line).rstrip("。；;，,"))]
    problems = check(kind, document_text(document), addressee=str(addressee), quoted=quoted,
                     merchant=data.complainant.kind == "merchant")
    blockers = [_("文书用语不当 {p}").format(p=p) for p in problems]
    blockers += leaked(kind, document, data)
    blockers += [_("引用的{citation}在{issued_on}不在有效期内").format(
                     citation=e.citation, issued_on=data.issued_on) for e in cited
                 if not e.in_force(data.issued_on)]
    blockers += quoted_unverified(document, cited)
    warnings = [unverified(e) for e in cited if not e.verified]
    return Preflight(tuple(dict.fromkeys(blockers)), tuple(dict.fromkeys(warnings)))


def unverified(entry: Entry) -> str:
    """The warning for an unverified citation: the paper cites it by name and article
    only, and why its wording cannot be relied on (the register's caution)."""
    why = entry.caution.strip().rstrip("。")
    text = _("引用的{citation}条文尚未核实，文书只写名称和条号，不引原文").format(
        citation=entry.citation)
    return text + (_("：{why}").format(why=why) if why else "")


def quoted_unverified(document: Document, cited: typing.Sequence[Entry]) -> list[str]:
    """A blocker for each unverified entry whose wording the document prints anyway (a
    layout that quoted it): an unverified text is never a quotation."""
    text = "".join("".join(document_text(document)).split())
    out = []
    for entry in cited:
        body = "".join(article_body(entry.text).split())[:16]
        if not entry.verified and len(body) >= 8 and body in text:
            out.append(_("文书引用了尚未核实的{citation}原文：只能写名称和条号").format(
                citation=entry.citation))
    return out


def leaked(kind: docs.FilingKind, document: Document, data: docs.FilingData) -> list[str]:
    """The complainant's full values found in a document whose addressee must not read
    them (a provider, a regulator, the press): the last guard before the file is written."""
    if kind.info.need is Handling.FULL:
        return []
    known = data.known_personal
    text = "\n".join(document_text(document))
    values = ((_("姓名"), known.name), (_("手机号"), known.phone), (_("身份证号"), known.id_number),
              (_("银行卡号"), known.bank_card))
    found = [label for label, value in values
             if len(value.strip()) > 1 and "*" not in value and value.strip() in text]
    return [_("文书中出现了投诉人的完整{label}，而收件方不需要它").format(
                label=label) for label in found]


def merged(*checks: Preflight) -> Preflight:
    return Preflight(tuple(dict.fromkeys(b for c in checks for b in c.blockers)),
                     tuple(dict.fromkeys(w for c in checks for w in c.warnings)))
