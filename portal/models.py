from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.argomenti import VOCABOLARIO_ARGOMENTI
from portal.ruoli import e_staff_comunale


class EmailMinuscoleField(models.EmailField):
    """An e-mail address kept and looked up in lower case.

    Logins compare addresses case-insensitively, so two accounts must never differ
    only in case, however they are created (signup, admin, shell): the address is
    lower-cased when validated (`full_clean`, model forms), when saved, and in lookups.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.lower() if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value.lower() if isinstance(value, str) else value


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # Django lower-cases only the domain; the whole address, as EmailMinuscoleField.
        return (email or "").strip().lower()

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        # A user who signs in through an external identity (SPID/CIE) has no local password.
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: e-mail is the identity, there is no username."""

    username = None
    email = EmailMinuscoleField(_("indirizzo e-mail"), unique=True)
    # Set only from a SPID or CIE identity (portal/spid/services.py): the person
    # proved it, so it keys their account and is never edited by hand.
    codice_fiscale = models.CharField(
        _("codice fiscale da SPID o CIE"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utente")
        verbose_name_plural = _("utenti")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def nome_pubblico(self) -> str:
        """The name shown to others: never the e-mail address."""
        return self.get_full_name() or _("Utente senza nome")


class ValutazionePagina(models.Model):
    """An anonymous answer to "how clear is this page?" (modello Comuni feedback widget)."""

    pagina = models.CharField(_("pagina"), max_length=300, db_index=True)
    valutazione = models.PositiveSmallIntegerField(
        _("valutazione"), choices=[(n, str(n)) for n in range(1, 6)]
    )
    commento = models.CharField(_("commento"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("inviata il"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("valutazione di pagina")
        verbose_name_plural = _("valutazioni delle pagine")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valutazione__gte=1, valutazione__lte=5),
                name="valutazione_da_1_a_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pagina}: {self.valutazione}/5"


class RichiestaReportQuerySet(models.QuerySet):
    def visibili_a(self, user) -> RichiestaReportQuerySet:
        """Requests `user` may see and download: staff all, anyone else their own."""
        if e_staff_comunale(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(richiesto_da=user)

    def da_eseguire(self) -> RichiestaReportQuerySet:
        """Requests waiting for a worker or being produced."""
        return self.filter(
            stato__in=[RichiestaReport.Stato.IN_CODA, RichiestaReport.Stato.IN_CORSO]
        )


class RichiestaReport(models.Model):
    """A report asked of the workers: its kind, parameters, progress and the file produced."""

    class Tipo(models.TextChoices):
        BILANCIO = "bilancio", _("Bilancio della città collaborativa")
        MENSILE_CASA = "mensile_casa", _("Report mensile di una Casa")
        PROGRAMMA_SETTIMANALE = "programma_settimanale", _("Programma settimanale di una Casa")
        REGISTRO_ENTI = "registro_enti", _("Registro degli enti")
        ORE_VOLONTARIATO = "ore_volontariato", _("Ore di volontariato")
        REGISTRO_VOLONTARI = "registro_volontari", _("Registro dei volontari")

    class Stato(models.TextChoices):
        IN_CODA = "in_coda", _("in coda")
        IN_CORSO = "in_corso", _("in corso")
        COMPLETATO = "completato", _("completato")
        FALLITO = "fallito", _("fallito")

    tipo = models.CharField(_("tipo"), max_length=30, choices=Tipo)
    parametri = models.JSONField(_("parametri"), default=dict, blank=True)
    stato = models.CharField(
        _("stato"), max_length=20, choices=Stato, default=Stato.IN_CODA, db_index=True
    )
    progresso = models.PositiveSmallIntegerField(_("avanzamento (%)"), default=0)
    file = models.FileField(_("file"), upload_to="report/%Y/%m/", blank=True, max_length=300)
    richiesto_da = models.ForeignKey(
        "portal.User",
        on_delete=models.SET_NULL,
        related_name="richieste_report",
        verbose_name=_("richiesto da"),
        null=True,
        blank=True,
        help_text=_("Vuoto per i report prodotti dal calendario."),
    )
    created_at = models.DateTimeField(_("richiesto il"), auto_now_add=True)
    accodato_il = models.DateTimeField(_("messo in coda il"), null=True, blank=True)
    iniziato_il = models.DateTimeField(_("iniziato il"), null=True, blank=True)
    # Written every few seconds by the worker producing the report: a report whose
    # heartbeat stopped was left by a dead worker and is taken over.
    battito_il = models.DateTimeField(_("ultimo segno di vita"), null=True, blank=True)
    completato_il = models.DateTimeField(_("completato il"), null=True, blank=True)
    durata = models.DurationField(_("durata"), null=True, blank=True)
    errore = models.TextField(_("errore"), blank=True)
    tentativi = models.PositiveSmallIntegerField(_("tentativi"), default=0)
    task_id = models.CharField(_("id del task"), max_length=50, blank=True)
    chiave_idempotenza = models.CharField(_("chiave di idempotenza"), max_length=64, unique=True)
    email_inviata_il = models.DateTimeField(_("e-mail inviata il"), null=True, blank=True)

    objects = RichiestaReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("richiesta di report")
        verbose_name_plural = _("richieste di report")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progresso__lte=100), name="report_progresso_fino_a_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(stato="completato") | ~models.Q(file=""),
                name="report_completato_ha_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} ({self.get_stato_display()})"

    def visibile_a(self, user) -> bool:
        """Same rule as RichiestaReportQuerySet.visibili_a, for one request already loaded."""
        return e_staff_comunale(user) or (user.is_authenticated and self.richiesto_da_id == user.pk)

    @property
    def in_attesa_del_servizio(self) -> bool:
        """Queued, but not yet handed to the workers (their service was unreachable)."""
        return self.stato == self.Stato.IN_CODA and self.accodato_il is None

    @property
    def formato(self) -> str:
        return self.parametri.get("formato", "")

    @property
    def nome_file(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class AvvisoInviato(models.Model):
    """A scheduled notice already sent: its key makes a second run send nothing."""

    chiave = models.CharField(_("chiave"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("inviato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("avviso inviato")
        verbose_name_plural = _("avvisi inviati")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.chiave


class Argomento(models.Model):
    """A topic of the modello Comuni's vocabulary; places, services, activities,
    agreements and news carry topics, and each topic has its page."""

    # Names only from the modello's vocabulary: the validator checks them (portal.argomenti).
    nome = models.CharField(
        _("nome"),
        max_length=100,
        unique=True,
        choices=[(nome, nome) for nome in VOCABOLARIO_ARGOMENTI],
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    descrizione = models.TextField(_("descrizione"), blank=True)

    class Meta:
        verbose_name = _("argomento")
        verbose_name_plural = _("argomenti")
        ordering = ["nome"]

    def __str__(self) -> str:
        return self.nome

    def get_absolute_url(self) -> str:
        return reverse("portal:argomento", kwargs={"slug": self.slug})
