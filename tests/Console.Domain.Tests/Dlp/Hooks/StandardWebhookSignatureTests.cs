using System.Security.Cryptography;
using System.Text;
using AdminConsole.Domain.Model.Dlp.Hooks;

namespace AdminConsole.Domain.Tests.Dlp.Hooks;

public class StandardWebhookSignatureTests
{
    [Fact]
    public void Sign_IsV1AndTheBase64HmacSha256_OfIdDotTimestampDotBody()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        const string body = "{\"specversion\":\"1.0\",\"data\":{\"excerpt\":\"caf\u00e9 ****\"}}";

        var signature = StandardWebhookSignature.Sign(key, "msg_abc", 1764669600, body);

        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("msg_abc.1764669600." + body)));
        Assert.Equal("v1," + expected, signature);
    }

    [Fact]
    public void Sign_MatchesTheStandardWebhooksSpecificationExample()
    {
        var key = WebhookSecret.TryReadKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")!;

        var signature = StandardWebhookSignature.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void HeaderValue_DuringARotation_CarriesOneSignaturePerSecret_NewestFirst_SpaceSeparated()
    {
        var newKey = RandomNumberGenerator.GetBytes(32);
        var oldKey = RandomNumberGenerator.GetBytes(32);

        var header = StandardWebhookSignature.HeaderValue([newKey, oldKey], "msg_1", 42, "{}");

        Assert.Equal(StandardWebhookSignature.Sign(newKey, "msg_1", 42, "{}") + " " + StandardWebhookSignature.Sign(oldKey, "msg_1", 42, "{}"), header);
        Assert.NotEqual(StandardWebhookSignature.Sign(newKey, "msg_1", 43, "{}"), header.Split(' ')[0]);
    }

    [Fact]
    public void Generate_MakesWhsecAndTheBase64OfThirtyTwoRandomBytes()
    {
        var secret = WebhookSecret.Generate();

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.Equal(Convert.FromBase64String(secret[6..]), WebhookSecret.TryReadKey(secret));
        Assert.NotEqual(secret, WebhookSecret.Generate());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 21 bytes: the specification asks for at least 24
    public void TryReadKey_RefusesWhatIsNotAWhsecSecretOfAtLeast24Bytes(string? secret) => Assert.Null(WebhookSecret.TryReadKey(secret));
}
