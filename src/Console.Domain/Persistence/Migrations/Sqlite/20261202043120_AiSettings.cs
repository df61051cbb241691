using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AiSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Role",
                table: "members",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Member");

            migrationBuilder.CreateTable(
                name: "ai_settings_versions",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Snapshot = table.Column<string>(type: "text", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ai_settings_versions", x => new { x.WorkspaceId, x.Version });
                    table.ForeignKey(
                        name: "FK_ai_settings_versions_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workspace_ai_settings",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AiEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DataMode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    WorkspaceSearch = table.Column<bool>(type: "INTEGER", nullable: false),
                    WebSearch = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConnectedApps = table.Column<bool>(type: "INTEGER", nullable: false),
                    RunSql = table.Column<bool>(type: "INTEGER", nullable: false),
                    TeamBasedAccess = table.Column<bool>(type: "INTEGER", nullable: false),
                    PromptHistory = table.Column<bool>(type: "INTEGER", nullable: false),
                    DataSharing = table.Column<bool>(type: "INTEGER", nullable: false),
                    HipaaMode = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workspace_ai_settings", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_workspace_ai_settings_subprocessors_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "subprocessors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_workspace_ai_settings_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ai_integrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AllowedRoles = table.Column<string>(type: "text", nullable: false),
                    AllowedTeamIds = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ai_integrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ai_integrations_workspace_ai_settings_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspace_ai_settings",
                        principalColumn: "WorkspaceId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ai_integrations_WorkspaceId_Name",
                table: "ai_integrations",
                columns: new[] { "WorkspaceId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_workspace_ai_settings_ProviderId",
                table: "workspace_ai_settings",
                column: "ProviderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ai_integrations");

            migrationBuilder.DropTable(
                name: "ai_settings_versions");

            migrationBuilder.DropTable(
                name: "workspace_ai_settings");

            migrationBuilder.DropColumn(
                name: "Role",
                table: "members");
        }
    }
}
