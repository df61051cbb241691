using AdminConsole.Domain.Model.Subprocessors;

namespace AdminConsole.Domain.Tests;

public class NoticeLinkTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Payload_RoundTrips_AndTheLinkWorksUntilNotOneSecondAfterItsLifetime()
    {
        var link = NoticeLink.Issue(Guid.NewGuid(), Guid.NewGuid(), Now);

        Assert.Equal(link, NoticeLink.FromPayload(link.ToPayload()));
        Assert.True(link.IsUsable(Now + NoticeLink.Lifetime - TimeSpan.FromSeconds(1)));
        Assert.False(link.IsUsable(Now + NoticeLink.Lifetime));
    }

    [Fact]
    public void Payload_OfAnotherLengthOrVersion_IsNoLink()
    {
        var payload = NoticeLink.Issue(Guid.NewGuid(), Guid.NewGuid(), Now).ToPayload();
        var otherVersion = payload.ToArray();
        otherVersion[0] = 2;
        var outOfRange = payload.ToArray();
        Array.Fill(outOfRange, (byte)0x7F, 33, 8);

        Assert.Null(NoticeLink.FromPayload(payload.AsSpan(1)));
        Assert.Null(NoticeLink.FromPayload([.. payload, 0]));
        Assert.Null(NoticeLink.FromPayload(otherVersion));
        Assert.Null(NoticeLink.FromPayload(outOfRange));
        Assert.Null(NoticeLink.FromPayload([]));
    }
}
