using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SignedNoticeLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notice_links");

            migrationBuilder.CreateTable(
                name: "sealed_keys",
                columns: table => new
                {
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SealedKey = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sealed_keys", x => x.Purpose);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sealed_keys");

            migrationBuilder.CreateTable(
                name: "notice_links",
                columns: table => new
                {
                    Hash = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NoticeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_links", x => x.Hash);
                    table.ForeignKey(
                        name: "FK_notice_links_notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_notice_links_subscriptions_SubscriptionId",
                        column: x => x.SubscriptionId,
                        principalTable: "subscriptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_notice_links_NoticeId",
                table: "notice_links",
                column: "NoticeId");

            migrationBuilder.CreateIndex(
                name: "IX_notice_links_SubscriptionId",
                table: "notice_links",
                column: "SubscriptionId");
        }
    }
}
