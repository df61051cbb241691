using System.Net.Mail;
using System.Text;
using AdminConsole.Jobs.Mail;
using AdminConsole.TestSupport;

namespace AdminConsole.Jobs.Tests;

/// <summary>What the console writes into a mail: headers nobody can inject into, encodings a real server and parser read back.</summary>
public sealed class MailTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly MailAddress From = new("Trust & Compliance <no-reply@console.example.com>");

    private SmtpSinkPeer _smtp = null!;

    public async Task InitializeAsync() => _smtp = await SmtpSinkPeer.StartAsync();

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    [Theory]
    [InlineData("New subprocessor\r\nBcc: victim@example.com")]
    [InlineData("New subprocessor\nBcc: victim@example.com")]
    [InlineData("New subprocessor\rX-Injected: 1")]
    [InlineData("Tab\tand\0null")]
    public void ASubjectWithALineBreakOrControlCharacter_IsRefused(string subject)
    {
        var error = Assert.Throws<ArgumentException>(() => new OutgoingMail("ada@example.com", subject, "Body"));
        Assert.Contains("must not contain line breaks", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ada@example.com\r\nBcc: victim@example.com")]
    [InlineData("ada@example.com>\r\nRCPT TO:<victim@example.com")]
    [InlineData("not an address")]
    [InlineData("")]
    public void ARecipientThatIsNotOneAddress_IsRefused(string to) =>
        Assert.Throws<ArgumentException>(() => new OutgoingMail(to, "Subject", "Body"));

    [Fact]
    public void HeaderValuesAndNames_AreCheckedToo()
    {
        Assert.Throws<ArgumentException>(() => new OutgoingMail("ada@example.com", "S", "B", headers: [new("List-Unsubscribe", "<https://x/>\r\nBcc: v@example.com")]));
        Assert.Throws<ArgumentException>(() => new OutgoingMail("ada@example.com", "S", "B", headers: [new("Bcc: v@example.com\r\nX", "1")]));
        Assert.Throws<ArgumentException>(() => new OutgoingMail("ada@example.com", "S", "B", messageId: "id\r\nBcc: v@example.com"));
    }

    [Fact]
    public void TheWrittenMessage_HasOnlyAsciiLinesOfAtMost78Characters()
    {
        var body = ".hidden line\n" + new string('x', 300) + "\nZürich, Malmö, 東京 — 100 % ✓\n";
        var mail = new OutgoingMail("ada@example.com", "Nouveau sous-traitant : Société Générale — données traitées à Zürich et ailleurs, " + new string('é', 40), body);

        using var written = new MemoryStream();
        mail.ToMimeMessage(MimeKit.MailboxAddress.Parse(From.ToString()), Now).WriteTo(DkimSigning.Wire, written);
        var bytes = written.ToArray();

        var text = Encoding.ASCII.GetString(bytes);
        Assert.All(bytes, b => Assert.True(b < 128));
        // RFC 5322's limit for any line; the body (quoted-printable) keeps to 76 characters. Headers are folded at spaces;
        // an RFC 2047 encoded word has none, so a long non-ASCII subject may run past 78, as MimeKit writes it.
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.All(text[..split].Split("\r\n"), line => Assert.True(line.Length <= 998, $"{line.Length}: {line}"));
        Assert.All(text[(split + 4)..].Split("\r\n"), line => Assert.True(line.Length <= 76, $"{line.Length}: {line}"));
        Assert.Contains("From: Trust & Compliance <no-reply@console.example.com>\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Date: Mon, 02 Nov 2026 09:00:00 +0000\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARealServerAndParser_ReadBackExactlyWhatWasSent()
    {
        var subject = "Nouveau sous-traitant : Société Générale (Zürich) — 東京";
        var body = "Line one\n.starts with a dot\n\nZürich, Malmö, 東京 — 100 % ✓ " + new string('y', 200) + "\nlast line";
        var sender = new MailSender(_smtp.MailOptions(), TimeProvider.System);

        await using (var batch = await sender.OpenAsync(CancellationToken.None))
        {
            await batch.SendAsync(new OutgoingMail("ada@example.com", subject, body, "fixed-id@console.example.com", [new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]), CancellationToken.None);
            await batch.SendAsync(new OutgoingMail("grace@example.com", "Second on the same connection", "Body"), CancellationToken.None);
        }

        var first = await _smtp.WaitForMessageToAsync("ada@example.com");
        Assert.Equal(subject, first.GetProperty("subject").GetString());
        Assert.Equal(body.Replace("\n", "\n", StringComparison.Ordinal), first.GetProperty("text").GetString()!.TrimEnd('\n').Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("<fixed-id@console.example.com>", first.GetProperty("messageId").GetString());
        Assert.Equal("\"Trust & Compliance\" <no-reply@console.example.com>", first.GetProperty("from").GetString());
        Assert.Equal(
            ["from", "to", "subject", "date", "message-id", "list-unsubscribe-post", "mime-version", "content-type", "content-transfer-encoding"],
            first.GetProperty("headerNames").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("Second on the same connection", (await _smtp.WaitForMessageToAsync("grace@example.com")).GetProperty("subject").GetString());
    }

    [Fact]
    public async Task ARefusedRecipient_FailsThatMessageOnly_TheConnectionCarriesTheNext()
    {
        var sender = new MailSender(_smtp.MailOptions(), TimeProvider.System);
        await using var batch = await sender.OpenAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<MailDeliveryException>(() => batch.SendAsync(new OutgoingMail("reject-me@example.com", "S", "B"), CancellationToken.None));
        var busy = await Assert.ThrowsAsync<MailDeliveryException>(() => batch.SendAsync(new OutgoingMail("busy-me@example.com", "S", "B"), CancellationToken.None));
        await batch.SendAsync(new OutgoingMail("ada@example.com", "After the refusals", "B"), CancellationToken.None);

        Assert.Equal((550, false), (refused.Code, refused.IsTransient));
        Assert.Equal((451, true), (busy.Code, busy.IsTransient));
        Assert.Equal("After the refusals", (await _smtp.WaitForMessageToAsync("ada@example.com")).GetProperty("subject").GetString());
    }

    [Fact]
    public async Task SigningInWithoutTls_IsRefusedBeforeThePasswordIsSent()
    {
        var options = _smtp.MailOptions();
        options.UserName = "console";
        options.Password = "secret-password";

        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => new MailSender(options, TimeProvider.System).OpenAsync(CancellationToken.None));

        Assert.Contains("Mail:EnableSsl", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADkimConfigurationThatCannotSign_IsRefused_NamingWhy()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        using var ecdsa = System.Security.Cryptography.ECDsa.Create();
        var from = "Trust & Compliance <no-reply@console.example.com>";

        Assert.Empty(new DkimOptions().Problems(from));
        Assert.Empty(new DkimOptions { Domain = "example.com", Selector = "s1", PrivateKey = rsa.ExportRSAPrivateKeyPem() }.Problems(from));
        Assert.Contains(new DkimOptions { Domain = "console.example.com", PrivateKey = rsa.ExportPkcs8PrivateKeyPem() }.Problems(from), p => p.StartsWith("Mail:Dkim:Selector is missing", StringComparison.Ordinal));
        Assert.Contains(new DkimOptions { Domain = "console.example.com", Selector = "s1" }.Problems(from), p => p.Contains("Mail:Dkim:PrivateKeyPath", StringComparison.Ordinal));
        Assert.Contains(new DkimOptions { Domain = "console.example.com", Selector = "s1", PrivateKey = ecdsa.ExportPkcs8PrivateKeyPem() }.Problems(from), p => p.Contains("is not an RSA private key", StringComparison.Ordinal));
        Assert.Contains(new DkimOptions { Domain = "console.example.com", Selector = "s1", PrivateKeyPath = "/nonexistent/dkim.pem" }.Problems(from), p => p.Contains("cannot be read", StringComparison.Ordinal));
        Assert.Contains(new DkimOptions { Domain = "other.example", Selector = "s1", PrivateKey = rsa.ExportPkcs8PrivateKeyPem() }.Problems(from), p => p.Contains("DMARC alignment", StringComparison.Ordinal));
        Assert.All(new DkimOptions { Domain = "console.example.com", Selector = "s1", PrivateKey = ecdsa.ExportPkcs8PrivateKeyPem() }.Problems(from), p => Assert.DoesNotContain("PRIVATE KEY-----", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThePickupFolder_GetsWholeEmlFiles()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"adminconsole-pickup-{Guid.NewGuid():N}");
        try
        {
            var sender = new MailSender(new MailOptions { PickupDirectory = folder, PublicUrl = new Uri("http://localhost:5080/") }, TimeProvider.System);

            await sender.SendAsync(new OutgoingMail("ada@example.com", "Subject", "Body"), CancellationToken.None);

            var file = Assert.Single(Directory.GetFiles(folder));
            Assert.EndsWith(".eml", file, StringComparison.Ordinal);
            Assert.Contains("To: ada@example.com\r\n", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
