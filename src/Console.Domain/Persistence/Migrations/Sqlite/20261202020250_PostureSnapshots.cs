using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PostureSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "posture_snapshots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TakenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_posture_snapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "posture_snapshot_counts",
                columns: table => new
                {
                    RuleCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SnapshotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_posture_snapshot_counts", x => new { x.SnapshotId, x.RuleCode });
                    table.ForeignKey(
                        name: "FK_posture_snapshot_counts_posture_snapshots_SnapshotId",
                        column: x => x.SnapshotId,
                        principalTable: "posture_snapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_posture_snapshots_Day",
                table: "posture_snapshots",
                column: "Day",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "posture_snapshot_counts");

            migrationBuilder.DropTable(
                name: "posture_snapshots");
        }
    }
}
