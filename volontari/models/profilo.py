"""The volunteer's profile: only what the register and the insurer need."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale

from portal.ruoli import e_staff_comunale
from portal.validators import valida_codice_fiscale_persona

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.models import User

# R+ "Più volontari, più Reggio" (asp.re.it): 18–80; from 15 with the parents'
# authorisation; from 75 to 79 a yearly medical fitness certificate.
ETA_MINIMA = 15
ETA_MAGGIORE = 18
ETA_CERTIFICATO_MEDICO = 75
ETA_MASSIMA = 80


def eta_il(nascita: dt.date, data: dt.date) -> int:
    """Completed years of age on `data` for someone born on `nascita`."""
    return data.year - nascita.year - ((data.month, data.day) < (nascita.month, nascita.day))


def valida_codice_fiscale_e_nascita(codice: str, nascita: dt.date | None) -> None:
    """The codice fiscale is valid and encodes the stated birth date."""
    valida_codice_fiscale_persona(codice)
    if nascita is None:
        return
    try:
        nel_codice = codicefiscale.get_birth_date(codice)
    except StdnumError as exc:
        raise ValidationError(
            _("Il codice fiscale non contiene una data di nascita valida."),
            code="codice_fiscale_nascita",
        ) from exc
    # The code holds the year in two digits: compare day, month and year modulo 100.
    if (nel_codice.day, nel_codice.month, nel_codice.year % 100) != (
        nascita.day,
        nascita.month,
        nascita.year % 100,
    ):
        raise ValidationError(
            _("Il codice fiscale non corrisponde alla data di nascita indicata."),
            code="codice_fiscale_nascita",
        )


def _volontari_seguiti_da(user: User) -> Q:
    from volontari.models.percorso import Candidatura, Incarico

    return Q(pk__in=Incarico.objects.filter(opportunita__tutor=user).values("volontario")) | Q(
        pk__in=Candidatura.objects.filter(opportunita__tutor=user).values("volontario")
    )


def _volontari_nei_luoghi_di(user: User) -> Q:
    from volontari.models.percorso import Incarico

    return Q(
        pk__in=Incarico.objects.filter(opportunita__luogo__community_manager=user).values(
            "volontario"
        )
    )


class VolontarioQuerySet(models.QuerySet):
    def visibili_a(self, user: User | AnonymousUser) -> VolontarioQuerySet:
        """Profiles `user` may see: their own; a tutor's applicants and volunteers; a
        community manager's volunteers at their places; staff all."""
        if e_staff_comunale(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(user=user) | _volontari_seguiti_da(user) | _volontari_nei_luoghi_di(user)
        )

    def non_occasionali(self) -> VolontarioQuerySet:
        """Volunteers the art. 17 register must list."""
        return self.filter(occasionale=False)

    def occasionali(self) -> VolontarioQuerySet:
        """Occasional volunteers: insured, kept in a separate section of the register."""
        return self.filter(occasionale=True)


class Volontario(models.Model):
    """A citizen's volunteer profile: the register's and the insurer's fields, nothing more."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="volontario",
        verbose_name=_("utente"),
        # Null once the person asks to be forgotten: the anonymous row keeps their hours.
        null=True,
        blank=True,
    )
    nome = models.CharField(_("nome"), max_length=100, blank=True)
    cognome = models.CharField(_("cognome"), max_length=100, blank=True)
    codice_fiscale = models.CharField(
        _("codice fiscale"),
        max_length=16,
        blank=True,
        help_text=_("Richiesto dal registro dei volontari (D.Lgs. 117/2017, art. 17)."),
    )
    data_nascita = models.DateField(_("data di nascita"), null=True, blank=True)
    luogo_nascita = models.CharField(_("luogo di nascita"), max_length=100, blank=True)
    comune = models.CharField(_("comune di residenza o domicilio"), max_length=100, blank=True)
    indirizzo = models.CharField(
        _("indirizzo di residenza o domicilio"), max_length=200, blank=True
    )
    quartiere = models.ForeignKey(
        "quartieri.Quartiere",
        on_delete=models.SET_NULL,
        related_name="volontari",
        verbose_name=_("quartiere di residenza o domicilio"),
        null=True,
        blank=True,
    )
    telefono = models.CharField(_("telefono"), max_length=30, blank=True)
    consenso_privacy = models.BooleanField(_("informativa sulla privacy accettata"), default=False)
    consenso_privacy_il = models.DateTimeField(_("informativa accettata il"), null=True, blank=True)
    consenso_foto = models.BooleanField(_("consenso a foto e riprese"), default=False)
    # Health data (GDPR art. 9): only the date the certificate is valid until, never the document.
    idoneita_medica_valida_fino_al = models.DateField(
        _("certificato di idoneità valido fino al"), null=True, blank=True
    )
    autorizzazione_genitoriale_il = models.DateField(
        _("autorizzazione dei genitori ricevuta il"), null=True, blank=True
    )
    occasionale = models.BooleanField(
        _("volontario occasionale"),
        default=False,
        help_text=_(
            "Gli occasionali sono assicurati e stanno in una sezione a parte del registro."
        ),
    )
    anonimizzato_il = models.DateTimeField(_("anonimizzato il"), null=True, blank=True)
    created_at = models.DateTimeField(_("iscritto il"), auto_now_add=True)

    objects = VolontarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("volontario")
        verbose_name_plural = _("volontari")
        ordering = ["cognome", "nome", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["codice_fiscale"],
                condition=~Q(codice_fiscale=""),
                name="volontario_codice_fiscale_unico",
            ),
            models.CheckConstraint(
                condition=Q(consenso_privacy=True) | Q(anonimizzato_il__isnull=False),
                name="volontario_consenso_privacy",
            ),
        ]

    def __str__(self) -> str:
        return self.nome_mostrato(self.pk, self.nome, self.cognome, self.anonimizzato_il)

    @staticmethod
    def nome_mostrato(pk: int, nome: str, cognome: str, anonimizzato_il: dt.datetime | None) -> str:
        """How a volunteer is named on a page, also from a row read with `values()`."""
        if anonimizzato_il:
            return str(_("Volontario anonimo n. %(numero)s") % {"numero": pk})
        return f"{cognome} {nome}"

    def clean(self) -> None:
        if self.anonimizzato_il:
            return
        self.codice_fiscale = (self.codice_fiscale or "").upper().replace(" ", "")
        errori: dict[str, list] = {}
        obbligatori = ("nome", "cognome", "codice_fiscale", "data_nascita", "luogo_nascita")
        for campo in (*obbligatori, "comune", "indirizzo"):
            if not getattr(self, campo):
                errori.setdefault(campo, []).append(_("Questo campo è obbligatorio."))
        if self.codice_fiscale:
            try:
                valida_codice_fiscale_e_nascita(self.codice_fiscale, self.data_nascita)
            except ValidationError as exc:
                errori.setdefault("codice_fiscale", []).extend(exc.messages)
        # SPID and CIE vouch for the account's codice fiscale: the register takes that one.
        verificato = self.user.codice_fiscale if self.user_id else None
        if verificato and self.codice_fiscale != verificato:
            errori.setdefault("codice_fiscale", []).append(
                _("Il codice fiscale deve essere quello della tua identità digitale (SPID o CIE).")
            )
        if not self.consenso_privacy:
            errori.setdefault("consenso_privacy", []).append(
                _("Per diventare volontario serve accettare l'informativa sulla privacy.")
            )
        if errori:
            raise ValidationError(errori)

    def eta_il(self, data: dt.date) -> int | None:
        """Completed years of age on `data`."""
        return eta_il(self.data_nascita, data) if self.data_nascita else None

    def idoneo_il(self, data: dt.date) -> tuple[bool, str]:
        """Whether R+ lets this person serve on `data`, and why not."""
        if self.anonimizzato_il or self.data_nascita is None:
            return False, str(_("Il profilo del volontario non è completo."))
        eta = self.eta_il(data)
        if eta < ETA_MINIMA:
            return False, str(_("Si può fare volontariato civico dai 15 anni in su."))
        if eta < ETA_MAGGIORE and not (
            self.autorizzazione_genitoriale_il and self.autorizzazione_genitoriale_il <= data
        ):
            return False, str(
                _(
                    "Tra i 15 e i 17 anni serve l'autorizzazione firmata da chi esercita la "
                    "responsabilità genitoriale: consegnala all'URP o al tutor."
                )
            )
        if eta > ETA_MASSIMA:
            return False, str(_("Il volontariato civico è aperto fino agli 80 anni."))
        if eta >= ETA_CERTIFICATO_MEDICO and eta < ETA_MASSIMA:
            valido = self.idoneita_medica_valida_fino_al
            if valido is None or valido < data:
                return False, str(
                    _(
                        "Dai 75 ai 79 anni serve un certificato medico di idoneità "
                        "psico-fisica valido: comunica la data di scadenza del certificato."
                    )
                )
        return True, ""

    def visibile_a(self, user: User | AnonymousUser) -> bool:
        """Same rule as VolontarioQuerySet.visibili_a, for one profile already loaded."""
        if e_staff_comunale(user):
            return True
        if not user.is_authenticated:
            return False
        if self.user_id == user.pk:
            return True
        return Volontario.objects.visibili_a(user).filter(pk=self.pk).exists()


class Cancellazione(models.Model):
    """The record that an account was erased (Reg. UE 2016/679, art. 17 and art. 5.2:
    the controller shows it complied). It holds no personal data: the account it points
    to is already anonymous, and who acted is the person themselves or a member of staff."""

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cancellazione",
        verbose_name=_("account cancellato"),
    )
    eseguita_da = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="cancellazioni_eseguite",
        verbose_name=_("eseguita da"),
        null=True,
    )
    eseguita_il = models.DateTimeField(_("eseguita il"))
    ore_ritirate = models.PositiveIntegerField(
        _("registrazioni in attesa ritirate"),
        default=0,
        help_text=_("Ore non ancora approvate, tolte dalla coda dei tutor."),
    )

    class Meta:
        verbose_name = _("cancellazione di un account")
        verbose_name_plural = _("cancellazioni di account")
        ordering = ["-eseguita_il"]

    def __str__(self) -> str:
        return _("Account %(numero)s cancellato") % {"numero": self.account_id}

    @property
    def dall_interessato(self) -> bool:
        return self.account_id == self.eseguita_da_id
