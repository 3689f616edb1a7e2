"""The person's own area of the portal, „Mein Konto“ (``/konto/``): names, the account
pages around allauth's, and the overview pages of what a person wrote, follows and holds."""
