"""Attachments: the detected type decides, names are sanitised, files are private, and
the size limit applies before the body is read."""

from __future__ import annotations

import os
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funding.forms import safe_stem
from funding.models import Attachment

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _upload(client, application, name: str, content: bytes = PDF):
    return client.post(
        reverse("funding:attachments", args=[application.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        follow=True,
    )


@pytest.mark.parametrize("name", ["Antrag.hta", "Finanzplan.pdf.html", "Satzung"])
def test_a_pdf_under_a_foreign_name_is_refused(
    client, application, org_member, name, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client.force_login(org_member)

    page = _upload(client, application, name).content.decode()

    assert "endet nicht auf .pdf, der Inhalt ist aber PDF" in page
    assert not Attachment.objects.exists()


def test_bidi_controls_are_stripped_and_the_detected_extension_kept(
    client, application, org_member, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client.force_login(org_member)

    _upload(client, application, "rechnung\u202eexe.pdf")

    attachment = Attachment.objects.get()
    assert attachment.original_name == "rechnungexe.pdf"
    path = attachment.file.path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700


def test_safe_stem_drops_folders_and_odd_characters():
    assert safe_stem("../../etc/Antrag <2026>.pdf") == "Antrag _2026"
    assert safe_stem("\u202e.pdf") == "Anlage"


def test_an_oversized_body_is_refused_before_it_is_read(client, application, org_member):
    client.force_login(org_member)

    response = client.post(
        reverse("funding:attachments", args=[application.pk]),
        {"file": SimpleUploadedFile("klein.pdf", PDF, content_type="application/pdf")},
        CONTENT_LENGTH=str(60 * 1024 * 1024),
        follow=True,
    )

    assert "Die Datei ist größer als 10 MB." in response.content.decode()
    assert not Attachment.objects.exists()
