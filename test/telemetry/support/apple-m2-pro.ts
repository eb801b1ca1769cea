// The shape system_profiler documents for Apple Silicon (no capture of it is in test/fixtures).
export const APPLE_M2_PRO = JSON.stringify({
  SPDisplaysDataType: [
    {
      _name: 'Apple M2 Pro',
      sppci_bus: 'spdisplays_builtin',
      sppci_cores: '19',
      sppci_device_type: 'spdisplays_gpu',
      sppci_model: 'Apple M2 Pro',
      spdisplays_mtlgpufamilysupport: 'spdisplays_metal3',
      spdisplays_vendor: 'sppci_vendor_Apple',
      spdisplays_ndrvs: [{ _name: 'Color LCD', spdisplays_main: 'spdisplays_yes' }],
    },
  ],
});
