"""pysaml2 attribute map: SPID and CIE name their attributes plainly (NameFormat basic)."""

MAP = {
    "identifier": "urn:oasis:names:tc:SAML:2.0:attrname-format:basic",
    "fro": {
        "fiscalNumber": "fiscalNumber",
        "name": "name",
        "familyName": "familyName",
        "email": "email",
        "spidCode": "spidCode",
        "dateOfBirth": "dateOfBirth",
    },
    "to": {
        "fiscalNumber": "fiscalNumber",
        "name": "name",
        "familyName": "familyName",
        "email": "email",
        "spidCode": "spidCode",
        "dateOfBirth": "dateOfBirth",
    },
}
