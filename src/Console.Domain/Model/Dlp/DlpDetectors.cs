namespace AdminConsole.Domain.Model.Dlp;

/// <summary>The built-in detectors and their default severities.</summary>
public static class DlpDetectors
{
    public const string PaymentCard = "payment-card";
    public const string UsSsn = "us-ssn";
    public const string Iban = "iban";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string AwsAccessKey = "aws-access-key";
    public const string GitHubToken = "github-token";
    public const string StripeKey = "stripe-key";
    public const string OpenAiKey = "openai-key";
    public const string PrivateKey = "private-key";
    public const string Jwt = "jwt";

    /// <summary>Every built-in detector; the index of each is its <see cref="BuiltInDetector"/> value.</summary>
    public static IReadOnlyList<DlpDetector> All { get; } =
    [
        new(PaymentCard, "Payment card", DlpSeverity.High, "Card numbers of 13 to 19 digits with a known brand prefix that pass the Luhn check."),
        new(UsSsn, "US Social Security number", DlpSeverity.High, "AAA-GG-SSSS numbers outside the ranges the SSA never issues, and not a well-known advertising number."),
        new(Iban, "IBAN", DlpSeverity.High, "International bank account numbers of their country's length whose check digits pass mod 97."),
        new(Email, "Email address", DlpSeverity.Low, "Addresses of the form local@domain.tld."),
        new(Phone, "Phone number", DlpSeverity.Medium, "International numbers (+ and 8 to 15 digits) and North American numbers such as (555) 123-4567."),
        new(AwsAccessKey, "AWS access key id", DlpSeverity.Critical, "AKIA or ASIA followed by 16 upper-case letters or digits."),
        new(GitHubToken, "GitHub token", DlpSeverity.Critical, "ghp_, gho_, ghu_, ghs_ and ghr_ tokens, and github_pat_ fine-grained tokens."),
        new(StripeKey, "Stripe secret key", DlpSeverity.Critical, "sk_live_, sk_test_, rk_live_ and rk_test_ keys."),
        new(OpenAiKey, "OpenAI API key", DlpSeverity.Critical, "sk- and sk-proj- keys."),
        new(PrivateKey, "Private key", DlpSeverity.Critical, "PEM private key blocks (RSA, EC, OpenSSH, encrypted, PKCS #8)."),
        new(Jwt, "JSON Web Token", DlpSeverity.Critical, "Three base64url segments whose header is a JSON object with an alg."),
    ];

    public static IReadOnlyList<string> AllIds { get; } = All.Select(d => d.Id).ToArray();

    /// <summary>A built-in detector by id, or null.</summary>
    public static DlpDetector? Find(string? id)
    {
        foreach (var detector in All)
        {
            if (string.Equals(detector.Id, id, StringComparison.Ordinal))
                return detector;
        }

        return null;
    }

    internal static int IndexOf(string id)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i].Id, id, StringComparison.Ordinal))
                return i;
        }

        return -1;
    }
}

/// <summary>The built-in detectors in the order of <see cref="DlpDetectors.All"/>; internal to the scanner.</summary>
internal enum BuiltInDetector
{
    PaymentCard = 0,
    UsSsn = 1,
    Iban = 2,
    Email = 3,
    Phone = 4,
    AwsAccessKey = 5,
    GitHubToken = 6,
    StripeKey = 7,
    OpenAiKey = 8,
    PrivateKey = 9,
    Jwt = 10,
}
