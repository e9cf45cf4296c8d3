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
            if (!OperatingSystem.IsWindows())
            {
                // A file an earlier release wrote world-readable is closed now.
                File.SetUnixFileMode(path, OwnerOnly);
            }

            return existing;
        }

        Directory.CreateDirectory(stateDirectory);
        var secrets = Generate();
        // Readable by its owner only, from the moment it exists: it holds the key every local token is signed with.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var file = new FileStream(path, options))
        {
            JsonSerializer.Serialize(file, secrets);
        }

        return secrets;
    }

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>A bearer token the local stack accepts, signed with the development key.</summary>
    public string MintToken(string role, string subject, TimeSpan lifetime)
    {
        var settings = new JwtSettings();
        return DevelopmentTokens.Mint(Convert.FromBase64String(SigningKey), settings.Issuer, settings.Audience, subject, [role], TimeProvider.System.GetUtcNow(), lifetime);
    }

    public static LocalSecrets Generate() =>
        new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
}
