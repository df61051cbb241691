using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DlpAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dlp_alerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserObjectId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SourceId = table.Column<long>(type: "INTEGER", nullable: false),
                    DetectorId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    DetectorName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Length = table.Column<int>(type: "INTEGER", nullable: false),
                    Excerpt = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DetectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StatusNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    StatusChangedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StatusChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dlp_alerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_dlp_alerts_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workspace_dlp_settings",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Disabled = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workspace_dlp_settings", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_workspace_dlp_settings_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dlp_custom_detectors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Pattern = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dlp_custom_detectors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_dlp_custom_detectors_workspace_dlp_settings_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspace_dlp_settings",
                        principalColumn: "WorkspaceId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dlp_alerts_DetectedAt",
                table: "dlp_alerts",
                column: "DetectedAt");

            migrationBuilder.CreateIndex(
                name: "IX_dlp_alerts_WorkspaceId_DetectedAt",
                table: "dlp_alerts",
                columns: new[] { "WorkspaceId", "DetectedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_dlp_custom_detectors_WorkspaceId_Name",
                table: "dlp_custom_detectors",
                columns: new[] { "WorkspaceId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dlp_alerts");

            migrationBuilder.DropTable(
                name: "dlp_custom_detectors");

            migrationBuilder.DropTable(
                name: "workspace_dlp_settings");
        }
    }
}
