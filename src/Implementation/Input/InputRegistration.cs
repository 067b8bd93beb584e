using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;

namespace TenantRegistry.Input;

/// <summary>The input rules of this folder, put in place of MVC's lenient defaults for every operation.</summary>
internal static class InputRegistration
{
    public static IMvcBuilder AddInputRules(this IMvcBuilder mvc)
    {
        mvc.Services.AddSingleton<IConfigureOptions<MvcOptions>, JsonBodyFormatterSetup>();
        return mvc.AddMvcOptions(options =>
        {
            options.ModelBinderProviders.Insert(0, new ParameterBinderProvider());
            options.ValueProviderFactories.RemoveType<QueryStringValueProviderFactory>();
            options.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
            options.ValueProviderFactories.Add(new ExactQueryValueProviderFactory());
        });
    }
}
