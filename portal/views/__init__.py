"""The correspondents' portal: my year, write and submit drafts, revise, follow every piece to print."""

from .claims import claim_new, claim_pick, my_claims
from .contributions import (
           attachment_download,
           contribution_detail,
           contribution_submit,
           my_contributions,
)
from .drafts import contribution_edit, contribution_new, people_search_json
from .home import home
from .messages import message_settings
from .planning import my_tasks, notice_attachment, notice_detail, notice_list
from .sign_off import sign_off_detail, sign_off_list
from .training import my_trainings, training_signup

__all__ = ["attachment_download", "claim_new", "claim_pick", "contribution_detail", "contribution_edit", "contribution_new",
           "contribution_submit", "home", "message_settings", "my_claims", "my_contributions",
           "people_search_json", "my_trainings", "training_signup", "sign_off_detail", "sign_off_list", "my_tasks", "notice_attachment", "notice_detail", "notice_list"]
