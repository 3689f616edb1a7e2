"""Itemised income of the financing plan and the proof of use.

The single fields ``Application.own_contribution`` (now derived from the lines) and
``other_funding`` become income lines, and a proof's ``actual_own_funds`` and
``actual_other_income`` become actual amounts of those lines; an actual amount without a
matching planned line goes to the proof's ``unplanned_income``, so no sum is lost.
"""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models


OWN = "Eigenanteil (aus dem früheren Einzelfeld übernommen)"
OTHER = "Weitere Förderung/Einnahmen (aus dem früheren Einzelfeld übernommen)"


def single_fields_to_lines(apps, schema_editor):
    Application = apps.get_model("funding", "Application")
    IncomeLine = apps.get_model("funding", "IncomeLine")
    ProofOfUse = apps.get_model("funding", "ProofOfUse")
    ActualIncome = apps.get_model("funding", "ActualIncome")
    zero = Decimal("0.00")
    for application in Application.objects.filter(
        models.Q(own_contribution__gt=0) | models.Q(other_funding__gt=0)
    ).iterator(chunk_size=2000):
        lines = {}
        if application.own_contribution > zero:
            lines["own"] = IncomeLine.objects.create(
                application=application,
                kind="own_funds",
                description=OWN,
                amount=application.own_contribution,
            )
        if application.other_funding > zero:
            lines["other"] = IncomeLine.objects.create(
                application=application,
                kind="other",
                description=OTHER,
                amount=application.other_funding,
            )
        application.total_income = application.own_contribution + application.other_funding
        application.save(update_fields=["total_income"])
        proof = ProofOfUse.objects.filter(application=application).first()
        if proof is None:
            continue
        unplanned = zero
        for key, actual in (("own", proof.actual_own_funds), ("other", proof.actual_other_income)):
            if key in lines:
                ActualIncome.objects.create(proof=proof, income_line=lines[key], amount=actual)
            else:
                unplanned += actual
        proof.unplanned_income = unplanned
        proof.save(update_fields=["unplanned_income"])
    # Proofs of applications without any planned income.
    for proof in ProofOfUse.objects.filter(
        models.Q(actual_own_funds__gt=0) | models.Q(actual_other_income__gt=0),
        application__own_contribution=0,
        application__other_funding=0,
    ):
        proof.unplanned_income = proof.actual_own_funds + proof.actual_other_income
        proof.save(update_fields=["unplanned_income"])


def lines_to_single_fields(apps, schema_editor):
    Application = apps.get_model("funding", "Application")
    ProofOfUse = apps.get_model("funding", "ProofOfUse")
    zero = Decimal("0.00")
    for application in Application.objects.filter(total_income__gt=0).iterator(chunk_size=2000):
        application.other_funding = application.total_income - application.own_contribution
        application.save(update_fields=["other_funding"])
    for proof in ProofOfUse.objects.prefetch_related("income_actuals__income_line"):
        own = sum(
            (
                a.amount
                for a in proof.income_actuals.all()
                if a.income_line.kind in ("own_funds", "own_work")
            ),
            zero,
        )
        total = sum((a.amount for a in proof.income_actuals.all()), zero)
        proof.actual_own_funds = own
        proof.actual_other_income = total - own + proof.unplanned_income
        proof.save(update_fields=["actual_own_funds", "actual_other_income"])


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0009_merge_parallel_work"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActualIncome",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        verbose_name="tatsächliche Einnahme (€)",
                    ),
                ),
            ],
            options={
                "verbose_name": "tatsächliche Einnahme",
                "verbose_name_plural": "tatsächliche Einnahmen",
                "ordering": ["income_line_id"],
            },
        ),
        migrations.CreateModel(
            name="IncomeLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("own_funds", "Eigenmittel"),
                            ("own_work", "Eigenleistung (bewertete unbezahlte Arbeit)"),
                            ("donations", "Spenden"),
                            ("fees", "Teilnahmebeiträge"),
                            ("funder", "Mittel anderer Förderer"),
                            ("other", "Sonstige Einnahmen"),
                        ],
                        max_length=12,
                        verbose_name="Art",
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=200, verbose_name="Beschreibung"),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.01"))],
                        verbose_name="Betrag (€)",
                    ),
                ),
                (
                    "funder",
                    models.CharField(
                        blank=True,
                        help_text="Nur bei Mitteln anderer Förderer: zum Beispiel „Stiftung Bürgersinn“.",
                        max_length=160,
                        verbose_name="Förderer",
                    ),
                ),
                (
                    "funder_status",
                    models.CharField(
                        blank=True,
                        choices=[("applied", "beantragt"), ("granted", "bewilligt")],
                        max_length=8,
                        verbose_name="Stand der anderen Förderung",
                    ),
                ),
            ],
            options={
                "verbose_name": "Einnahmeposition",
                "verbose_name_plural": "Einnahmen des Finanzierungsplans",
                "ordering": ["pk"],
            },
        ),
        migrations.AddField(
            model_name="application",
            name="total_income",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0.00"),
                editable=False,
                max_digits=12,
                verbose_name="Einnahmen gesamt (€)",
            ),
        ),
        migrations.AddField(
            model_name="proofofuse",
            name="unplanned_income",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0.00"),
                help_text="Zum Beispiel eine zusätzliche Spende oder eine weitere Förderung.",
                max_digits=12,
                verbose_name="weitere, im Plan nicht genannte Einnahmen (€)",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="own_contribution",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0.00"),
                editable=False,
                help_text="Eigenmittel und bewertete Eigenleistungen aus den Einnahmepositionen.",
                max_digits=12,
                verbose_name="Eigenanteil (€)",
            ),
        ),
        migrations.AddConstraint(
            model_name="proofofuse",
            constraint=models.CheckConstraint(
                condition=models.Q(("unplanned_income__gte", 0)),
                name="proof_unplanned_income_positive",
                violation_error_code="constraint",
                violation_error_message="Einnahmen dürfen nicht negativ sein.",
            ),
        ),
        migrations.AddField(
            model_name="actualincome",
            name="proof",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="income_actuals",
                to="funding.proofofuse",
                verbose_name="Nachweis",
            ),
        ),
        migrations.AddField(
            model_name="incomeline",
            name="application",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="income_lines",
                to="funding.application",
                verbose_name="Antrag",
            ),
        ),
        migrations.AddField(
            model_name="actualincome",
            name="income_line",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="actuals",
                to="funding.incomeline",
                verbose_name="Einnahmeposition",
            ),
        ),
        migrations.AddConstraint(
            model_name="incomeline",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gt", 0)),
                name="income_line_amount_positive",
                violation_error_code="constraint",
                violation_error_message="Eine Einnahme braucht einen Betrag über 0 €: Einnahmen verringern den beantragten Betrag, nie erhöhen sie ihn.",
            ),
        ),
        migrations.AddConstraint(
            model_name="incomeline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "funder"), _negated=True),
                    models.Q(
                        models.Q(("funder", ""), _negated=True),
                        ("funder_status__in", ["applied", "granted"]),
                    ),
                    _connector="OR",
                ),
                name="income_line_funder_named",
                violation_error_code="constraint",
                violation_error_message="Bei Mitteln anderer Förderer gib bitte den Förderer und den Stand an (beantragt oder bewilligt).",
            ),
        ),
        migrations.AddConstraint(
            model_name="actualincome",
            constraint=models.UniqueConstraint(
                fields=("proof", "income_line"), name="actual_income_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="actualincome",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gte", 0)),
                name="actual_income_positive",
                violation_error_code="constraint",
                violation_error_message="Tatsächliche Einnahmen dürfen nicht negativ sein.",
            ),
        ),
        migrations.RunPython(single_fields_to_lines, lines_to_single_fields),
        migrations.RemoveConstraint(
            model_name="application",
            name="application_other_funding_positive",
        ),
        migrations.RemoveConstraint(
            model_name="proofofuse",
            name="proof_income_positive",
        ),
        migrations.RemoveField(
            model_name="application",
            name="other_funding",
        ),
        migrations.RemoveField(
            model_name="proofofuse",
            name="actual_other_income",
        ),
        migrations.RemoveField(
            model_name="proofofuse",
            name="actual_own_funds",
        ),
    ]
