"""Stegvis: participant register and reporting for Swedish labour-market projects."""
