"""Every write with a rule in it, one module per subject; this package only gathers their names.

The admin, the desk, the portal, the commands and the imports call these functions; none of them
sets `Contribution.state` itself (the state changes in contributions.workflow).
"""

from ..workflow import allowed_moves, contribution_transition
from .bylines import authorships_set, check_shares, split_shares
from .claims import claim_create, claim_decline, claim_verify
from .drafts import attachment_add, attachment_remove, contribution_create, contribution_update
from .forwards import forward_decline, forward_path, forward_send, forward_take, holding_office
from .placements import (
    REJECTED_CANNOT_BE_PLACED,
    check_placement_allowed,
    check_placement_date,
    placement_create,
    placement_delete,
    placement_update,
    register_placement_guard,
)

__all__ = [
    "REJECTED_CANNOT_BE_PLACED", "allowed_moves", "attachment_add", "attachment_remove", "authorships_set",
    "check_placement_allowed", "check_placement_date", "check_shares", "claim_create", "claim_decline",
    "claim_verify", "contribution_create", "contribution_transition", "contribution_update", "forward_decline",
    "forward_path", "forward_send", "forward_take", "holding_office", "placement_create",
    "placement_delete", "placement_update", "register_placement_guard", "split_shares",
]
