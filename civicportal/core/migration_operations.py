"""Migration operations the apps share."""

from __future__ import annotations

from django.db import migrations


class ReplaceSearchVector(migrations.AlterField):
    """Change a ``search_vector`` column into (or to a new) ``GeneratedField``.

    PostgreSQL cannot alter a generated column's expression, nor turn a plain column into a
    generated one, so the column is dropped (with its GIN index) and added again with the
    new definition, and the model's indexes on it are created again. The state change is
    an ordinary ``AlterField``.
    """

    def _replace(self, app_label, schema_editor, old_state, new_state) -> None:
        old_model = old_state.apps.get_model(app_label, self.model_name)
        new_model = new_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, new_model):
            return
        schema_editor.remove_field(old_model, old_model._meta.get_field(self.name))
        schema_editor.add_field(new_model, new_model._meta.get_field(self.name))
        for index in new_model._meta.indexes:
            if self.name in index.fields:
                schema_editor.add_index(new_model, index)

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        self._replace(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        self._replace(app_label, schema_editor, to_state, from_state)
