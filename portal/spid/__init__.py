"""SPID and CIE sign-in: the portal as a SAML 2 service provider (pysaml2).

Regole tecniche SPID (AgID) and the CIE ID SAML profile: signed requests with
the level asked, signed assertions checked, one use per request; see
docs/spid-cie.md.
"""
