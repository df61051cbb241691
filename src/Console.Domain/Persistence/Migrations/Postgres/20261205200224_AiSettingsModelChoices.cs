using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AiSettingsModelChoices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ConnectedAppsModelId",
                table: "workspace_ai_settings",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "FallbackModelId",
                table: "workspace_ai_settings",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RunSqlModelId",
                table: "workspace_ai_settings",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "WebSearchModelId",
                table: "workspace_ai_settings",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "WorkspaceSearchModelId",
                table: "workspace_ai_settings",
                type: "uuid",
                nullable: true);

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

            migrationBuilder.AddForeignKey(
                name: "FK_workspace_ai_settings_ai_models_ConnectedAppsModelId",
                table: "workspace_ai_settings",
                column: "ConnectedAppsModelId",
                principalTable: "ai_models",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_workspace_ai_settings_ai_models_FallbackModelId",
                table: "workspace_ai_settings",
                column: "FallbackModelId",
                principalTable: "ai_models",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_workspace_ai_settings_ai_models_RunSqlModelId",
                table: "workspace_ai_settings",
                column: "RunSqlModelId",
                principalTable: "ai_models",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_workspace_ai_settings_ai_models_WebSearchModelId",
                table: "workspace_ai_settings",
                column: "WebSearchModelId",
                principalTable: "ai_models",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_workspace_ai_settings_ai_models_WorkspaceSearchModelId",
                table: "workspace_ai_settings",
                column: "WorkspaceSearchModelId",
                principalTable: "ai_models",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
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
