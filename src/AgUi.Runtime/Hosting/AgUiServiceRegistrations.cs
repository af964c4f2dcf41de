using Microsoft.Extensions.DependencyInjection;

namespace AgUi.Runtime.Hosting;

/// <summary>The app's service registrations as AddAgUi saw them, read again at start to find agents registered the wrong way.</summary>
internal sealed class AgUiServiceRegistrations(IServiceCollection services)
{
    public IEnumerable<ServiceDescriptor> Descriptors => services;
}
