"""`update-spec` end to end on fixture spec pairs, in a throwaway copy of the project.

Each test runs tools/update_spec.py (import, overlay + names, Optic's diff, griffe's, and then
either a refusal or the write + regenerate + version bump + CHANGELOG) on one fixture bundle
against the base project made from fixtures/base.yaml, and checks the exact changelog lines,
the exit code, and what was (or was not) written.
"""

from __future__ import annotations

import re

from .conftest import FIXTURES, Project

REFUSED = 3
DELETE = "`delete_document` (DELETE /documents/{location_id}/{document_id})"


def changelog(stdout: str) -> list[str]:
    """The printed change lines, each prefixed with its group."""
    out, group = [], ""
    for line in stdout.splitlines():
        if re.match(r"^(Breaking|Non-breaking) changes \(\d+\):$", line):
            group = line.split(" changes")[0]
        elif line.startswith("- ") and group:
            out.append(f"{group}: {line[2:]}")
        else:
            group = ""
    return out


def test_added_operation_is_a_patch_release(project: Project) -> None:
    before = project.read("CHANGELOG.md")
    proc = project.run("added_operation.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert changelog(proc.stdout) == [
        "Non-breaking: `list_documents` (GET /documents/{location_id}): operation added",
    ]
    assert project.read("altegio_client/_version.py") == '__version__ = "0.1.1"\n'
    text = project.read("CHANGELOG.md")
    # The hand-written Unreleased entry stays first, untouched; the release goes under it.
    assert text.startswith(before.split("## 0.1.0")[0])
    sha = re.search(r"sha256: (\w+)", project.read("openapi.lock.yaml"))
    assert sha is not None
    assert (
        "## 0.1.1 - 2026-12-01\n\n"
        f"Spec update: bundle sha256 `{sha.group(1)}` from {FIXTURES / 'added_operation.yaml'}.\n\n"
        "### Non-breaking\n\n"
        "- `list_documents` (GET /documents/{location_id}): operation added\n\n"
        "## 0.1.0 - 2026-11-01\n"
    ) in text
    assert "list_documents" in project.read("openapi.yaml")
    assert "async def list_documents(" in project.read("altegio_client/_facade/inventory.py")


def test_removed_operation_is_refused_and_changes_nothing(project: Project) -> None:
    before = project.snapshot()
    proc = project.run("removed_operation.yaml")
    assert proc.returncode == REFUSED
    assert changelog(proc.stdout) == [
        f"Breaking: {DELETE}: operation removed",
        "Breaking: Python API `api.location(id).inventory.delete_document`: removed",
        "Breaking: Python API "
        "`api.location(id).inventory.with_raw_response.delete_document`: removed",
        "Breaking: Python API `models.DeleteDocumentResponse200`: removed",
    ]
    assert "ALLOW_BREAKING=1" in proc.stderr
    assert project.snapshot() == before


def test_allow_breaking_makes_a_minor_release(project: Project) -> None:
    proc = project.run("removed_operation.yaml", ALLOW_BREAKING="1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert project.read("altegio_client/_version.py") == '__version__ = "0.2.0"\n'
    text = project.read("CHANGELOG.md")
    assert "## 0.2.0 - 2026-12-01" in text
    assert f"### Breaking\n\n- {DELETE}: operation removed\n" in text
    assert "delete_document" not in project.read("altegio_client/_facade/inventory.py")


def test_field_type_change_is_breaking(project: Project) -> None:
    proc = project.run("field_type_change.yaml")
    assert proc.returncode == REFUSED
    assert changelog(proc.stdout) == [
        "Breaking: `get_document` (GET /documents/{location_id}/{document_id}): "
        'response 200 field `data.amount`: type "integer" -> "string"',
        "Breaking: `create_document` (POST /documents/{location_id}): "
        'response 201 field `data.amount`: type "integer" -> "string"',
        "Breaking: Python API `models.Document.amount`: type int | None -> str | None",
    ]


def test_new_required_parameter_is_breaking(project: Project) -> None:
    proc = project.run("new_required_parameter.yaml")
    assert proc.returncode == REFUSED
    assert changelog(proc.stdout) == [
        "Breaking: `get_storages` (GET /storages/{location_id}): "
        "query parameter `type` added (required)",
        "Breaking: Python API `api.location(id).inventory.get_storages`: "
        "required parameter added `type_`",
        "Breaking: Python API `api.location(id).inventory.paginate_get_storages`: "
        "required parameter added `type_`",
        "Breaking: Python API `api.location(id).inventory.with_raw_response.get_storages`: "
        "required parameter added `type_`",
    ]


def test_renamed_component_behind_a_stable_name_changes_nothing_users_see(
    project: Project,
) -> None:
    # Without a names entry for the vendor's new key the update stops, naming both keys.
    proc = project.run("renamed_component.yaml")
    assert proc.returncode == 1
    assert "document_v2" in proc.stderr
    assert "document_v" in proc.stderr.replace("document_v2", "")
    # With the reviewed names table updated, users see no change: no release.
    names = project.root / "openapi.names.yaml"
    names.write_text(names.read_text().replace("document_v:", "document_v2:"))
    version = project.read("altegio_client/_version.py")
    changes = project.read("CHANGELOG.md")
    proc = project.run("renamed_component.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No changes to the API surface." in proc.stdout
    assert changelog(proc.stdout) == []
    assert project.read("altegio_client/_version.py") == version
    assert project.read("CHANGELOG.md") == changes
    assert "document_v2" in project.read("openapi.yaml")


def test_stale_overlay_correction_fails_and_says_what_vanished(project: Project) -> None:
    before = project.snapshot()
    proc = project.run("stale_overlay.yaml")
    assert proc.returncode == 1
    assert "action 1: $.paths.*.*.parameters[?(@.in == 'header')]" in proc.stderr
    assert (
        "action 1: $.paths.*.*.parameters still matches, but the next step "
        "[?@.in == 'header'] does not (it matched 1 node(s) in the committed spec: "
        "the vendor removed or renamed it)"
    ) in proc.stderr
    assert project.snapshot() == before


def test_same_bundle_again_is_a_no_op(project: Project) -> None:
    before = project.snapshot()
    proc = project.run(project.root / "openapi.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "openapi.yaml is unchanged" in proc.stdout
    after = project.snapshot()
    # Only the lock may differ (the bundle's source path and bytes are recorded).
    assert {k for k in before if before[k] != after.get(k)} <= {"openapi.lock.yaml"}


def test_deprecation_body_fields_and_response_fields(project: Project) -> None:
    proc = project.run("mixed.yaml")
    assert proc.returncode == REFUSED
    assert changelog(proc.stdout) == [
        "Breaking: `create_document` (POST /documents/{location_id}): "
        "request body field `comment`: made required",
        "Breaking: `get_storages` (GET /storages/{location_id}): "
        "response 200 field `data[].title` removed",
        "Breaking: Python API `models.DocumentRequest.__init__`: parameter made required `comment`",
        "Breaking: Python API `models.DocumentRequest.comment`: type str | None -> str",
        "Breaking: Python API `models.DocumentRequestDict.comment`: "
        "type NotRequired[str] -> Required[str]",
        "Breaking: Python API `models.Storage.__init__`: parameter removed `title`",
        "Breaking: Python API `models.Storage.title`: removed",
        "Non-breaking: `create_document` (POST /documents/{location_id}): "
        "request body field `note` added",
        "Non-breaking: `get_storages` (GET /storages/{location_id}): operation deprecated",
    ]
