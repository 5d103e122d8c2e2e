from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join by a manager's invitation (antennas/invitations.py), never by open sign-up.
        return False
