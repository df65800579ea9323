from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

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
    email = models.EmailField(_("indirizzo e-mail"), unique=True)

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
