# An Express Connect circuit, a VBR on it (with tags), a BGP group, a BGP peer and an advertised network,
# applied with Terraform's alicloud provider to a vbrd on this machine (`npm start`). docs/terraform.md
# explains each setting, what apply and destroy print, and how to take the circuit down again.

terraform {
  required_providers {
    alicloud = {
      source  = "aliyun/alicloud"
      version = "1.289.0"
    }
  }
}

variable "circuit_status" {
  description = "Enabled to build everything; Terminated before the circuit can be destroyed (docs/terraform.md)."
  type        = string
  default     = "Enabled"
}

provider "alicloud" {
  # vbrd's development credentials (loopback only; `npm start` prints them).
  access_key = "LTAI5tVbrdDevelopmentKey"
  secret_key = "vbrd-development-secret-not-for-production"
  # A region of vbrd's seed.
  region                 = "cn-hangzhou"
  skip_region_validation = true
  # vbrd serves plain HTTP; the provider's default is HTTPS.
  protocol = "HTTP"
  # Without it the provider asks BssOpenApi for the account type at start-up.
  account_type = "Domestic"

  endpoints {
    vpc = "127.0.0.1:8080" # host:port, no scheme
  }
}

data "alicloud_express_connect_access_points" "hangzhou" {
  ids = ["ap-cn-hangzhou-yh-B"]
}

resource "alicloud_express_connect_physical_connection" "circuit" {
  access_point_id          = data.alicloud_express_connect_access_points.hangzhou.ids[0]
  line_operator            = "CT"
  port_type                = "10GBase-LR"
  physical_connection_name = "vbrd-example"
  description              = "Express Connect circuit on vbrd"
  # Enabled: confirm the circuit, then pay for it with an occupancy order (vbrd bills nothing).
  status        = var.circuit_status
  period        = 1
  pricing_cycle = "Month"
}

resource "alicloud_express_connect_virtual_border_router" "vbr" {
  physical_connection_id     = alicloud_express_connect_physical_connection.circuit.id
  vlan_id                    = 110
  local_gateway_ip           = "10.0.0.1"
  peer_gateway_ip            = "10.0.0.2"
  peering_subnet_mask        = "255.255.255.252"
  virtual_border_router_name = "vbrd-example"
  min_rx_interval            = 1000
  min_tx_interval            = 1000
  detect_multiplier          = 10

  tags = {
    Created = "TF"
    For     = "vbrd"
  }
}

resource "alicloud_vpc_bgp_group" "group" {
  router_id      = alicloud_express_connect_virtual_border_router.vbr.id
  bgp_group_name = "vbrd-example"
  peer_asn       = 65001
  auth_key       = "YourPassword+12345678"
}

resource "alicloud_vpc_bgp_peer" "peer" {
  bgp_group_id    = alicloud_vpc_bgp_group.group.id
  peer_ip_address = "10.0.0.2"
  enable_bfd      = true
  bfd_multi_hop   = 10
}

resource "alicloud_vpc_bgp_network" "network" {
  router_id      = alicloud_express_connect_virtual_border_router.vbr.id
  dst_cidr_block = "192.168.0.0/24"
}

output "vbr_id" {
  value = alicloud_express_connect_virtual_border_router.vbr.id
}

output "bgp_peer_status" {
  value = alicloud_vpc_bgp_peer.peer.status
}
