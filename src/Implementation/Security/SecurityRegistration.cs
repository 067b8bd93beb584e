using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using TenantRegistry.Docs;

namespace TenantRegistry.Security;

public static class SecurityRegistration
{
    /// <summary>Keycloak signs with RSA or EC keys; HS* (a shared secret) and `none` are refused outright.</summary>
    public static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// At most one JWKS fetch per interval is caused by tokens with unknown key ids, so nobody can make the service
    /// hammer Keycloak; and a key Keycloak rotated in is trusted within this long even if a forged kid used up the
    /// budget just before. (JwtBearer's default is five minutes.)
    /// </summary>
    public static readonly TimeSpan KeyRefreshInterval = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddRegistrySecurity(this IServiceCollection services)
    {
        // A token signed with a key id the service has not seen makes the handler refresh the JWKS and validate the
        // same token again. By default that refresh runs in the background and the token that triggered it fails;
        // blocking lets the first token of a rotated key through. Refreshes stay bounded by RefreshInterval.
        AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking", true);

        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddHttpContextAccessor();
        services.AddScoped<Caller>();
        services.AddScoped<TenantBoundary>();
        services.AddSingleton(_ => new OperationRoles(ContractDocs.SpecPath));
        services.Configure<MvcOptions>(mvc => mvc.Filters.Add<OperationAccessFilter>());

        services.AddSingleton(_ => new ValidatedTokenCache { MapInboundClaims = false });
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>, ValidatedTokenCache>((jwt, auth, tokenCache) =>
        {
            if (!auth.Value.Authenticates)
            {
                return;
            }

            jwt.Authority = auth.Value.Authority;
            jwt.Audience = auth.Value.Audience;
            jwt.RequireHttpsMetadata = auth.Value.RequireHttpsMetadata;
            jwt.MapInboundClaims = false;
            jwt.TokenHandlers.Clear();
            jwt.TokenHandlers.Add(tokenCache);
            jwt.RefreshOnIssuerKeyNotFound = true;
            jwt.RefreshInterval = KeyRefreshInterval;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Value.Issuer,
                ValidAudience = auth.Value.Audience,
                ValidAlgorithms = AsymmetricAlgorithms,
                ClockSkew = ClockSkew,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateIssuerSigningKey = true,
                NameClaimType = "preferred_username",
            };
            jwt.Events = BearerResponses.Events();
        });
        return services;
    }

    /// <summary>Authenticates /v1 callers; in unauthenticated mode says so, loudly, once at start.</summary>
    public static WebApplication UseRegistrySecurity(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        _ = app.Services.GetRequiredService<OperationRoles>();
        if (auth.Authenticates)
        {
            app.UseAuthentication();
        }
        else
        {
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecurityRegistration).FullName!).LogWarning(
                "Auth:Authority is not set: the service is UNAUTHENTICATED and serves every /v1 call to anyone who reaches it. " +
                "For local development only; set Auth__Authority to the Keycloak realm URL (docs/security.md).");
        }

        return app;
    }
}
