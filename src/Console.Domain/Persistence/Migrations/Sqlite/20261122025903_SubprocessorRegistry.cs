using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SubprocessorRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "subprocessors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LegalName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    DataCategories = table.Column<string>(type: "text", nullable: false),
                    Countries = table.Column<string>(type: "text", nullable: false),
                    Certifications = table.Column<string>(type: "text", nullable: false),
                    DpaReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ZeroRetentionCapable = table.Column<bool>(type: "INTEGER", nullable: false),
                    RetentionDays = table.Column<int>(type: "INTEGER", nullable: true),
                    RiskTier = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Website = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NoticePublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EffectiveAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AuthorizedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subprocessors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "subprocessor_reviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubprocessorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Reviewer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Artifacts = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    NextDueOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subprocessor_reviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_subprocessor_reviews_subprocessors_SubprocessorId",
                        column: x => x.SubprocessorId,
                        principalTable: "subprocessors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_subprocessor_reviews_SubprocessorId_ReviewedOn",
                table: "subprocessor_reviews",
                columns: new[] { "SubprocessorId", "ReviewedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_subprocessors_EffectiveAt",
                table: "subprocessors",
                column: "EffectiveAt");

            migrationBuilder.CreateIndex(
                name: "IX_subprocessors_LegalName",
                table: "subprocessors",
                column: "LegalName");

            migrationBuilder.CreateIndex(
                name: "IX_subprocessors_Status",
                table: "subprocessors",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "subprocessor_reviews");

            migrationBuilder.DropTable(
                name: "subprocessors");
        }
    }
}
