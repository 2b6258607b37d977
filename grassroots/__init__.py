"""Grassroots (基层党建工作管理平台): grassroots party-building work management."""
