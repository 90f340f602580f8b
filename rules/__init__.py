"""The declarative rule kinds the core evaluates; any label's rules use them.

Registered with the plugin manager like a plugin, so that a third-party
package may add kinds of its own through the same hook.
"""

from labelcheck.core.hookspecs import hookimpl
from labelcheck.rules.audits import AuditCalendar, AuditTeam
from labelcheck.rules.documents import DocumentFile, RequiredDocument
from labelcheck.rules.equivalence import Equivalence
from labelcheck.rules.establishment import Eligibility, Title
from labelcheck.rules.evidence import (
    EvidenceItemNotApplicable,
    EvidencePerCriterion,
    IndicatorPerCriterion,
)
from labelcheck.rules.expression import Expression
from labelcheck.rules.later import DatedLater
from labelcheck.rules.nonconformities import (
    FindingGrade,
    FindingWithoutFiche,
    NonconformityAtNextAudit,
    NonconformityDeadline,
    NonconformityGrade,
    NonconformityItemNotApplicable,
    OpenNonconformity,
)
from labelcheck.rules.validity import Validity
from labelcheck.rules.windows import AuditInWindow, DateWindow

KINDS = (
    AuditCalendar,
    AuditInWindow,
    AuditTeam,
    DateWindow,
    DatedLater,
    DocumentFile,
    Eligibility,
    Equivalence,
    EvidenceItemNotApplicable,
    EvidencePerCriterion,
    Expression,
    FindingGrade,
    FindingWithoutFiche,
    IndicatorPerCriterion,
    NonconformityAtNextAudit,
    NonconformityDeadline,
    NonconformityGrade,
    NonconformityItemNotApplicable,
    OpenNonconformity,
    RequiredDocument,
    Title,
    Validity,
)


@hookimpl
def labelcheck_rule_kinds():
    return list(KINDS)
