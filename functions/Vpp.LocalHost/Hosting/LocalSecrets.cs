using System.Security.Cryptography;
using System.Text.Json;
using Vpp.Functions.Security;

namespace Vpp.LocalHost.Hosting;

/// <summary>
/// Development-only secrets (the API token signing key, the simulated fleet's enrollment group key), generated on first
/// use into <c>.vpp/local-secrets.json</c> (git-ignored). Production takes its keys from app settings / Key Vault.
/// </summary>
public sealed record LocalSecrets(string SigningKey, string EnrollmentGroupKey)
{
    public static LocalSecrets LoadOrCreate(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, "local-secrets.json");
        if (File.Exists(path) && JsonSerializer.Deserialize<LocalSecrets>(File.ReadAllText(path)) is { } existing)
        {
            return existing;
        }

        Directory.CreateDirectory(stateDirectory);
        var secrets = Generate();
        File.WriteAllText(path, JsonSerializer.Serialize(secrets));
        return secrets;
    }

    /// <summary>A bearer token the local stack accepts, signed with the development key.</summary>
    public string MintToken(string role, string subject, TimeSpan lifetime)
    {
        var settings = new JwtSettings();
        return HmacJwt.Mint(Convert.FromBase64String(SigningKey), settings.Issuer, settings.Audience, subject, [role], TimeProvider.System.GetUtcNow(), lifetime);
    }

    public static LocalSecrets Generate() =>
        new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
}
