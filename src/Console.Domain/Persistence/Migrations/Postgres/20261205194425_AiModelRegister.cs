using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AiModelRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Kind",
                table: "notices",
                type: "character varying(24)",
                maxLength: 24,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16);

            migrationBuilder.AddColumn<Guid>(
                name: "AiModelId",
                table: "notices",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ai_models",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Features = table.Column<string>(type: "text", nullable: false),
                    Region = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ZeroRetention = table.Column<bool>(type: "boolean", nullable: false),
                    RetentionDays = table.Column<int>(type: "integer", nullable: true),
                    Stage = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    ProposedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProposedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ApprovedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ApprovedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ApprovedEvaluationId = table.Column<Guid>(type: "uuid", nullable: true),
                    InProductionAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RetiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ModelId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Suite = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RunAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RunById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RunByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Metrics = table.Column<string>(type: "text", nullable: false),
                    EvidenceSha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    EvidenceFileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EvidenceSize = table.Column<int>(type: "integer", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    EvaluationId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MediaType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    Sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false)
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

            migrationBuilder.AddForeignKey(
                name: "FK_notices_ai_models_AiModelId",
                table: "notices",
                column: "AiModelId",
                principalTable: "ai_models",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
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

            migrationBuilder.AlterColumn<string>(
                name: "Kind",
                table: "notices",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(24)",
                oldMaxLength: 24);
        }
    }
}
