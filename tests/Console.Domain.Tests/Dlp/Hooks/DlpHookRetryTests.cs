using AdminConsole.Domain.Model.Dlp.Hooks;

namespace AdminConsole.Domain.Tests.Dlp.Hooks;

public class DlpHookRetryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1920)]
    public void Backoff_DoublesFrom30Seconds_WithinTwentyPercentJitter(int attempt, double nominalSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(nominalSeconds * 0.8), DlpHookRetry.Backoff(attempt, 0));
        Assert.Equal(TimeSpan.FromSeconds(nominalSeconds), DlpHookRetry.Backoff(attempt, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(nominalSeconds * 1.2), DlpHookRetry.Backoff(attempt, 1));
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
            Assert.InRange(DlpHookRetry.Backoff(attempt, random.NextDouble()), TimeSpan.FromSeconds(nominalSeconds * 0.8), TimeSpan.FromSeconds(nominalSeconds * 1.2));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(50)]
    public void Backoff_NeverExceedsAnHour(int attempt)
    {
        Assert.Equal(TimeSpan.FromHours(1), DlpHookRetry.Backoff(attempt, 1));
        Assert.Equal(TimeSpan.FromMinutes(48), DlpHookRetry.Backoff(attempt, 0));
    }

    [Theory]
    [InlineData("2", 2)]
    [InlineData(" 120 ", 120)]
    [InlineData("0", 0)]
    [InlineData("86400", 3600)]
    [InlineData("99999999999999999999999", 3600)]
    [InlineData("Wed, 02 Dec 2026 09:00:30 GMT", 30)]
    [InlineData("Wednesday, 02-Dec-26 09:01:00 GMT", 60)]
    [InlineData("Wed Dec  2 09:00:10 2026", 10)]
    [InlineData("Wed, 02 Dec 2026 08:00:00 GMT", 0)]
    [InlineData("Thu, 03 Dec 2026 09:00:00 GMT", 3600)]
    public void ParseRetryAfter_ReadsSecondsAndHttpDates_BoundedByAnHour(string value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DlpHookRetry.ParseRetryAfter(value, Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("1.5")]
    public void ParseRetryAfter_IgnoresWhatItCannotRead(string? value) => Assert.Null(DlpHookRetry.ParseRetryAfter(value, Now));
}
