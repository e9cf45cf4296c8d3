using Vpp.Functions.Security;

namespace Vpp.Functions.Tests;

public sealed class JwtSettingsTests
{
    private static readonly string Key = Convert.ToBase64String(new byte[32]);

    [Theory]
    [InlineData(null, null, "Auth:Authority")]
    [InlineData(null, "http://login.example.com/tenant/v2.0", "https")]
    [InlineData(null, "not a url", "absolute")]
    [InlineData("c2hvcnQ=", null, "32 bytes")]
    [InlineData("not base64!", null, "Base-64")]
    public void Settings_that_could_authenticate_no_one_name_the_setting_at_fault(string? signingKey, string? authority, string expected)
    {
        var error = new JwtSettings { SigningKey = signingKey, Authority = authority }.ConfigurationError();

        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_entra_authority_a_development_key_or_both_are_valid()
    {
        const string entra = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0";

        Assert.Null(new JwtSettings { Authority = entra }.ConfigurationError());
        Assert.Null(new JwtSettings { SigningKey = Key }.ConfigurationError());
        Assert.Null(new JwtSettings { SigningKey = Key, Authority = entra + "/" }.ConfigurationError());
        Assert.Equal(new Uri(entra + "/.well-known/openid-configuration"), new JwtSettings { Authority = entra + "/" }.DiscoveryUri());
    }
}
