using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AiModelRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ai_models",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Features = table.Column<string>(type: "text", nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ZeroRetention = table.Column<bool>(type: "INTEGER", nullable: false),
                    RetentionDays = table.Column<int>(type: "INTEGER", nullable: true),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    ProposedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProposedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ApprovedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ApprovedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ApprovedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ApprovedEvaluationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    InProductionAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ai_models", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ai_models_subprocessors_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "subprocessors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "model_evaluations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModelId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Suite = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RunAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RunById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RunByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Metrics = table.Column<string>(type: "text", nullable: false),
                    EvidenceSha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    EvidenceFileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EvidenceSize = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_evaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_model_evaluations_ai_models_ModelId",
                        column: x => x.ModelId,
                        principalTable: "ai_models",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "model_evidence",
                columns: table => new
                {
                    EvaluationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MediaType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_evidence", x => x.EvaluationId);
                    table.ForeignKey(
                        name: "FK_model_evidence_model_evaluations_EvaluationId",
                        column: x => x.EvaluationId,
                        principalTable: "model_evaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            // SQLite adds a column with its reference in place; EF would rebuild the table outside the migration's transaction.
            migrationBuilder.Sql("ALTER TABLE \"notices\" ADD COLUMN \"AiModelId\" TEXT NULL REFERENCES \"ai_models\" (\"Id\") ON DELETE RESTRICT;");

            migrationBuilder.CreateIndex(
                name: "IX_notices_AiModelId",
                table: "notices",
                column: "AiModelId");

            migrationBuilder.CreateIndex(
                name: "IX_ai_models_ProviderId_Name_Version",
                table: "ai_models",
                columns: new[] { "ProviderId", "Name", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ai_models_Stage",
                table: "ai_models",
                column: "Stage");

            migrationBuilder.CreateIndex(
                name: "IX_model_evaluations_ModelId_RecordedAt",
                table: "model_evaluations",
                columns: new[] { "ModelId", "RecordedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_notices_ai_models_AiModelId",
                table: "notices");

            migrationBuilder.DropTable(
                name: "model_evidence");

            migrationBuilder.DropTable(
                name: "model_evaluations");

            migrationBuilder.DropTable(
                name: "ai_models");

            migrationBuilder.DropIndex(
                name: "IX_notices_AiModelId",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "AiModelId",
                table: "notices");
        }
    }
}
