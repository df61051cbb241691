using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Domain.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RetentionWalkWithoutKeyRangeIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_provider_requests_WorkspaceId_Id_CreatedAt",
                table: "provider_requests");

            migrationBuilder.DropIndex(
                name: "IX_prompt_logs_WorkspaceId_Id_CreatedAt",
                table: "prompt_logs");

            migrationBuilder.DropIndex(
                name: "IX_ai_outputs_WorkspaceId_Id_CreatedAt",
                table: "ai_outputs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_provider_requests_WorkspaceId_Id_CreatedAt",
                table: "provider_requests",
                columns: new[] { "WorkspaceId", "Id", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_prompt_logs_WorkspaceId_Id_CreatedAt",
                table: "prompt_logs",
                columns: new[] { "WorkspaceId", "Id", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ai_outputs_WorkspaceId_Id_CreatedAt",
                table: "ai_outputs",
                columns: new[] { "WorkspaceId", "Id", "CreatedAt" });
        }
    }
}
