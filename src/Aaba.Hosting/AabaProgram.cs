using Microsoft.AspNetCore.Builder;

namespace Aaba.Hosting;

/// <summary>How every Aaba executable (the API and the silo) creates its host.</summary>
public static class AabaProgram
{
    /// <summary>
    /// The content root is the program's own folder, not the folder it was started from: the settings that ship beside
    /// the program (appsettings.json, with ASP.NET Core and Orleans at Warning) apply however it is started (a service
    /// manager's folder, a script's, systemd's default of /). Started elsewhere, they were missing: every request wrote
    /// eight log lines at Information (a cluster API spent 14% of its CPU in the console logger), and the watcher that
    /// reloads the settings followed every file written anywhere under that folder (7% more, with the data beneath it).
    /// </summary>
    public static WebApplicationOptions Options(string[] args) => new() { Args = args, ContentRootPath = AppContext.BaseDirectory };
}
