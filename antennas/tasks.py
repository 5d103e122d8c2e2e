from celery import shared_task

from antennas import invitations


@shared_task
def send_invitation(invitation_id: int) -> None:
    invitations.send_link(invitation_id=invitation_id)
