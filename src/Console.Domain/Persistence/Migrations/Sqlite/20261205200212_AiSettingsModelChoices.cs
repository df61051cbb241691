using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AiSettingsModelChoices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite adds a column with its reference in place; EF would rebuild the table outside the migration's transaction.
            migrationBuilder.Sql("ALTER TABLE \"workspace_ai_settings\" ADD COLUMN \"ConnectedAppsModelId\" TEXT NULL REFERENCES \"ai_models\" (\"Id\") ON DELETE RESTRICT;");
            migrationBuilder.Sql("ALTER TABLE \"workspace_ai_settings\" ADD COLUMN \"FallbackModelId\" TEXT NULL REFERENCES \"ai_models\" (\"Id\") ON DELETE RESTRICT;");
            migrationBuilder.Sql("ALTER TABLE \"workspace_ai_settings\" ADD COLUMN \"RunSqlModelId\" TEXT NULL REFERENCES \"ai_models\" (\"Id\") ON DELETE RESTRICT;");
            migrationBuilder.Sql("ALTER TABLE \"workspace_ai_settings\" ADD COLUMN \"WebSearchModelId\" TEXT NULL REFERENCES \"ai_models\" (\"Id\") ON DELETE RESTRICT;");
            migrationBuilder.Sql("ALTER TABLE \"workspace_ai_settings\" ADD COLUMN \"WorkspaceSearchModelId\" TEXT NULL REFERENCES \"ai_models\" (\"Id\") ON DELETE RESTRICT;");

            migrationBuilder.CreateIndex(
                name: "IX_workspace_ai_settings_ConnectedAppsModelId",
                table: "workspace_ai_settings",
                column: "ConnectedAppsModelId");

            migrationBuilder.CreateIndex(
                name: "IX_workspace_ai_settings_FallbackModelId",
                table: "workspace_ai_settings",
                column: "FallbackModelId");

            migrationBuilder.CreateIndex(
                name: "IX_workspace_ai_settings_RunSqlModelId",
                table: "workspace_ai_settings",
                column: "RunSqlModelId");

            migrationBuilder.CreateIndex(
                name: "IX_workspace_ai_settings_WebSearchModelId",
                table: "workspace_ai_settings",
                column: "WebSearchModelId");

            migrationBuilder.CreateIndex(
                name: "IX_workspace_ai_settings_WorkspaceSearchModelId",
                table: "workspace_ai_settings",
                column: "WorkspaceSearchModelId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_workspace_ai_settings_ai_models_ConnectedAppsModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropForeignKey(
                name: "FK_workspace_ai_settings_ai_models_FallbackModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropForeignKey(
                name: "FK_workspace_ai_settings_ai_models_RunSqlModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropForeignKey(
                name: "FK_workspace_ai_settings_ai_models_WebSearchModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropForeignKey(
                name: "FK_workspace_ai_settings_ai_models_WorkspaceSearchModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropIndex(
                name: "IX_workspace_ai_settings_ConnectedAppsModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropIndex(
                name: "IX_workspace_ai_settings_FallbackModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropIndex(
                name: "IX_workspace_ai_settings_RunSqlModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropIndex(
                name: "IX_workspace_ai_settings_WebSearchModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropIndex(
                name: "IX_workspace_ai_settings_WorkspaceSearchModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropColumn(
                name: "ConnectedAppsModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropColumn(
                name: "FallbackModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropColumn(
                name: "RunSqlModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropColumn(
                name: "WebSearchModelId",
                table: "workspace_ai_settings");

            migrationBuilder.DropColumn(
                name: "WorkspaceSearchModelId",
                table: "workspace_ai_settings");
        }
    }
}
