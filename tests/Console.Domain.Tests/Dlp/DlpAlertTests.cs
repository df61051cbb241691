using AdminConsole.Domain.Model.Common;
using AdminConsole.Domain.Model.Dlp;

namespace AdminConsole.Domain.Tests.Dlp;

public sealed class DlpAlertTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Workspace = Guid.NewGuid();

    private static DlpAlert Alert() =>
        DlpAlert.Raise(Workspace, null, DlpSource.AiOutput, 7, new DlpFinding(DlpDetectors.PaymentCard, DlpSeverity.High, 3, 19, "4111 **** **** 1111"), "Payment card", Now);

    [Fact]
    public void Raise_KeepsTheRedactedExcerpt_AndStartsOpen()
    {
        var alert = Alert();

        Assert.Equal((DlpAlertStatus.Open, "4111 **** **** 1111", 3, 19), (alert.Status, alert.Excerpt, alert.Position, alert.Length));
    }

    [Fact]
    public void Acknowledge_ThenResolve_RecordsWhoAndTheNote_AndRefusesToResolveTwice()
    {
        var alert = Alert();

        alert.Acknowledge("Wanda", null, Now.AddMinutes(1));
        Assert.Throws<DomainRuleException>(() => alert.Acknowledge("Wanda", null, Now.AddMinutes(2)));
        alert.Resolve("Wanda", "Card cancelled.\nUser told.", Now.AddMinutes(3));

        Assert.Equal((DlpAlertStatus.Resolved, "Wanda", "Card cancelled.\nUser told.", Now.AddMinutes(3)), (alert.Status, alert.StatusChangedBy, alert.StatusNote, alert.StatusChangedAt));
        var again = Assert.Throws<DomainRuleException>(() => alert.Resolve("Wanda", "again", Now.AddMinutes(4)));
        Assert.Equal("The alert is already resolved.", again.Message);
    }

    [Theory]
    [InlineData(null, "Say how the alert was resolved.")]
    [InlineData("   ", "Say how the alert was resolved.")]
    [InlineData("bell\u0007", "The note must not contain control characters.")]
    public void Resolve_WithoutAUsableNote_IsRefused(string? note, string message)
    {
        var alert = Alert();

        var error = Assert.Throws<DomainRuleException>(() => alert.Resolve("Wanda", note, Now));

        Assert.Equal(message, error.Message);
        Assert.Equal(DlpAlertStatus.Open, alert.Status);
    }

    [Fact]
    public void Settings_TurnAnUnknownDetector_NamesTheKnownOnes()
    {
        var settings = WorkspaceDlpSettings.Defaults(Workspace, Now);

        var error = Assert.Throws<DomainRuleException>(() => settings.Turn("credit-cards", false, "Wanda", Now));

        Assert.Contains("There is no built-in detector 'credit-cards'", error.Message, StringComparison.Ordinal);
        Assert.Contains(DlpDetectors.PaymentCard, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_TurningOffAndOn_ChangesTheScanOptions_AndReportsNoChangeTwice()
    {
        var settings = WorkspaceDlpSettings.Defaults(Workspace, Now);

        Assert.True(settings.Turn(DlpDetectors.Email, false, "Wanda", Now));
        Assert.False(settings.Turn(DlpDetectors.Email, false, "Wanda", Now));
        Assert.False(settings.ScanOptions().IsEnabled(DlpDetectors.Email));
        Assert.True(settings.ScanOptions().IsEnabled(DlpDetectors.PaymentCard));
        Assert.True(settings.Turn(DlpDetectors.Email, true, "Wanda", Now));
        Assert.True(settings.ScanOptions().IsEnabled(DlpDetectors.Email));
    }

    [Fact]
    public void Settings_ACustomDetectorNamedTwice_IsRefused_AndItsPatternScans()
    {
        var settings = WorkspaceDlpSettings.Defaults(Workspace, Now);
        settings.AddCustom("Code names", "BLUEBIRD-[0-9]+", DlpSeverity.Medium, "BLUEBIRD-1", "Wanda", Now);

        var error = Assert.Throws<DomainRuleException>(() => settings.AddCustom("code NAMES", "X-[0-9]+", DlpSeverity.Low, "X-1", "Wanda", Now));

        Assert.Equal("This workspace already has a custom detector named 'code NAMES'.", error.Message);
        var finding = Assert.Single(DlpScanner.Scan("see BLUEBIRD-42", settings.ScanOptions()));
        Assert.Equal("custom:Code names", finding.DetectorId);
    }
}
